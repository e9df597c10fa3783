"""The synthetic folder format: written and read here only.

A folder made by ``tools/synthesize.py`` (:func:`mmseg_gan.apis.
synthesize_folder`) holds::

    img_dir/train/<id>.png   # BGR images
    ann_dir/train/<id>.png   # class-index label maps (255: ignored)
    manifest.json            # classes, palette, settings, provenance and
                             # the SHA-256 of every file
    .settings.json           # the settings, while the first run is
                             # unfinished (the manifest has them after)
    preview.png              # image | coloured label | blend rows

The writer (:func:`mmseg_gan.apis.synthesize_dataset`) and the reader
(:class:`SyntheticSegDataset`) both use this module: the file names, the
checksums, the manifest and the settings a rerun must match.
"""
import glob
import hashlib
import json
import os
import os.path as osp
from typing import List, Set

import cv2
import mmcv
import numpy as np

from ..utils.atomic_write import atomic_write_bytes, atomic_write_json
from ..utils.colorize import colorize_labels

MANIFEST = 'manifest.json'
SETTINGS_FILE = '.settings.json'
PREVIEW = 'preview.png'
# the folders of the pairs, relative to the synthetic folder
PAIR_DIRS = ('img_dir/train', 'ann_dir/train')
# manifest entries that decide what a folder holds: a rerun resumes only
# when they all match (paths may move; their checksums may not change)
SETTINGS_KEYS = ('num', 'samples_per_label', 'seed', 'label_augment',
                 'filtered', 'sources', 'label_source', 'label_reduction',
                 'filter',
                 'generator_config_sha256', 'generator_checkpoint_sha256',
                 'batch_size')


class SynthesisSettingsError(ValueError):
    """An output folder holds pairs made with other settings."""


def file_sha256(path: str) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def write_png(img: np.ndarray, path: str) -> str:
    """Encode ``img`` (BGR or single-channel) as PNG and write it
    atomically (a reader sees the complete file or none).

    Safe to call from several threads: the encoding and the hashing release
    the GIL.

    Returns:
        str: SHA-256 of the written bytes.
    """
    ok, buf = cv2.imencode('.png', np.ascontiguousarray(img))
    if not ok:
        raise OSError(f'could not encode {path}')
    data = buf.tobytes()
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


def folder_pngs(out_dir: str, pattern: str = '*.png') -> List[str]:
    """The files matching ``pattern`` in the ``*_dir/train`` folders."""
    return glob.glob(osp.join(glob.escape(out_dir), '*_dir', 'train',
                              pattern))


def present_pair_files(out_dir: str) -> Set[str]:
    """The finished files of the pair folders, as ``'img_dir/train/<id>.png'``
    (one listing per folder, not a look-up per file)."""
    present = set()
    for sub in PAIR_DIRS:
        folder = osp.join(out_dir, sub)
        if osp.isdir(folder):
            with os.scandir(folder) as entries:
                present.update(f'{sub}/{e.name}' for e in entries
                               if e.is_file() and e.name.endswith('.png')
                               and not e.name.startswith('.'))
    return present


def remove_stale_temporaries(out_dir: str) -> None:
    """Delete the temporary files a killed run left (never a finished
    file: those are renamed into place whole)."""
    for stale in folder_pngs(out_dir, '.*.tmp*'):
        os.remove(stale)


def json_normal(obj):
    """``obj`` as it reads back from JSON (tuples become lists, ...)."""
    return json.loads(json.dumps(obj, default=str))


def write_settings(out_dir: str, settings: dict) -> str:
    """Record ``settings`` while the folder's first run is unfinished.

    Returns:
        str: The path of ``.settings.json``.
    """
    path = osp.join(out_dir, SETTINGS_FILE)
    atomic_write_json(path, settings)
    return path


def write_manifest(out_dir: str, manifest: dict) -> None:
    """Write ``manifest.json``; it replaces ``.settings.json``."""
    atomic_write_json(osp.join(out_dir, MANIFEST), manifest)
    if osp.isfile(osp.join(out_dir, SETTINGS_FILE)):
        os.remove(osp.join(out_dir, SETTINGS_FILE))  # the manifest has them


def read_manifest(data_root: str) -> dict:
    """Load ``{data_root}/manifest.json`` with a clear error if unusable.

    Args:
        data_root: The synthetic folder.

    Returns:
        dict: The manifest.
    """
    path = osp.join(data_root, MANIFEST)
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'synthetic dataset: {path} not found; make the folder with '
            'tools/synthesize.py (an interrupted run resumes when rerun)')
    try:
        with open(path) as f:
            manifest = json.load(f)
    except json.JSONDecodeError as e:
        raise ValueError(f'synthetic dataset: {path} is not valid JSON: '
                         f'{e}') from e
    for key in ('classes', 'palette', 'files'):
        if key not in manifest:
            raise ValueError(
                f'synthetic dataset: {path} has no {key!r} entry')
    return manifest


def check_or_clear_folder(out_dir: str, settings: dict,
                          overwrite: bool, only_given: bool = False) -> None:
    """Refuse to mix settings in one folder; ``overwrite`` empties it.

    The settings of a folder are its ``manifest.json`` or, while the first
    run is unfinished, its ``.settings.json``.

    Args:
        out_dir: The synthetic folder.
        settings: The settings of this run (:func:`json_normal`).
        overwrite: Delete the folder's pairs, manifest, settings and
            preview instead of comparing.
        only_given: Compare only the keys of ``settings`` (those known
            before the generator is loaded).

    Raises:
        SynthesisSettingsError: The folder was made with other settings,
            or holds pairs and no record of them.
    """
    ours = [osp.join(out_dir, n) for n in (MANIFEST, SETTINGS_FILE,
                                           PREVIEW)]
    pairs = folder_pngs(out_dir)
    if overwrite:
        for path in pairs + [p for p in ours if osp.isfile(p)]:
            os.remove(path)
        return
    stored = None
    for path in ours[:2]:
        if osp.isfile(path):
            with open(path) as f:
                try:
                    stored = json.load(f)
                except json.JSONDecodeError as e:
                    raise SynthesisSettingsError(
                        f'{path} is not valid JSON ({e}); rerun with '
                        '--overwrite to start the folder anew') from e
            record = path
            break
    if stored is None:
        if pairs:
            raise SynthesisSettingsError(
                f'{out_dir} holds {len(pairs)} PNG files but no record of '
                'the settings they were made with (manifest.json); choose '
                'another --out or pass --overwrite')
        return
    differ = []
    for key in SETTINGS_KEYS:
        if only_given and key not in settings:
            continue
        old, new = stored.get(key), settings.get(key)
        if old == new or (key == 'label_reduction' and old is None and
                          stored.get('label_source') in ('train', 'val')):
            # folders made before label_reduction was recorded read their
            # 'train' / 'val' maps through the dataset's LoadAnnotations,
            # as now
            continue
        if key == 'batch_size' and new is None:
            # the manifest records it always; it decides the images only
            # for a generator that draws at inference (then it is given)
            continue
        if key == 'sources':
            differ.append('sources: other label maps')
        else:
            differ.append(f'{key}: {old!r} in the folder, {new!r} now')
    if differ:
        raise SynthesisSettingsError(
            f'{out_dir} was synthesized with other settings ({record}): '
            + '; '.join(differ) + '. Rerun with the same settings to '
            'resume, or choose another --out, or pass --overwrite')


def write_preview(out_dir: str, num: int = 8) -> str:
    """A picture of ``num`` pairs spread evenly over a synthetic folder.

    Each row is ``image | coloured label | both blended`` (filtered
    pixels, 255, are black), written atomically to ``out_dir/preview.png``.

    Args:
        out_dir: A synthetic folder with its manifest.
        num: Number of pairs (rows).

    Returns:
        str: The path of the preview.
    """
    manifest = read_manifest(out_dir)
    names = sorted(manifest['sources'])
    picks = np.unique(np.linspace(0, len(names) - 1, min(num, len(names)))
                      .round().astype(int))
    rows = []
    for n in (names[i] for i in picks):
        img = mmcv.imread(osp.join(out_dir, 'img_dir', 'train', f'{n}.png'),
                          channel_order='rgb')
        lbl = mmcv.imread(osp.join(out_dir, 'ann_dir', 'train', f'{n}.png'),
                          flag='unchanged')
        color = colorize_labels(lbl, manifest.get('palette'))
        blend = (img.astype(np.float32) * 0.5 + color * 0.5).astype(np.uint8)
        rows.append(np.concatenate([img, color, blend], axis=1))
    path = osp.join(out_dir, PREVIEW)
    write_png(np.concatenate(rows, axis=0)[..., ::-1], path)
    return path
