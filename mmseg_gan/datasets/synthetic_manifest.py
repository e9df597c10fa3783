"""The manifest of a synthetic folder: written and read here only.

``manifest.json`` records what ``tools/synthesize.py`` made (classes,
palette, settings, generator provenance, per-file SHA-256);
``.settings.json`` holds the settings while the first run is unfinished.
"""
import glob
import hashlib
import json
import os
import os.path as osp

from ..utils.atomic_write import atomic_write

MANIFEST = 'manifest.json'


def file_sha256(path: str) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


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


def write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (use through :func:`atomic_write`)."""
    with open(path, 'wb') as f:
        f.write(data)


def write_json(path: str, obj: dict) -> None:
    """Write ``obj`` as indented JSON at ``path``, atomically."""
    data = json.dumps(obj, indent=1).encode()
    atomic_write(path, lambda tmp: write_bytes(tmp, data))


# manifest entries that decide what a folder holds: a rerun resumes only
# when they all match (paths may move; their checksums may not change)
SETTINGS_KEYS = ('num', 'samples_per_label', 'seed', 'label_augment',
                 'filtered', 'sources', 'label_source', 'label_reduction',
                 'filter',
                 'generator_config_sha256', 'generator_checkpoint_sha256',
                 'batch_size')
SETTINGS_FILE = '.settings.json'


class SynthesisSettingsError(ValueError):
    """An output folder holds pairs made with other settings."""


def json_normal(obj):
    return json.loads(json.dumps(obj, default=str))


def check_or_clear_folder(out_dir: str, settings: dict,
                           overwrite: bool, only_given: bool = False) -> None:
    """Refuse to mix settings in one folder; ``overwrite`` empties it.

    The settings of a folder are its ``manifest.json`` or, while the first
    run is unfinished, its ``.settings.json``. ``only_given`` compares only
    the keys of ``settings`` (those known before the generator is loaded).
    """
    ours = [osp.join(out_dir, n) for n in (MANIFEST, SETTINGS_FILE,
                                           'preview.png')]
    pairs = glob.glob(osp.join(glob.escape(out_dir), '*_dir', 'train',
                               '*.png'))
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
