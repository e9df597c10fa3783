"""Render a GAN-synthesized dataset (mmseg layout) into a folder,
resumably."""
import os
import os.path as osp
import time
from typing import Callable, Dict, Optional, Sequence

import numpy as np
import torch
from mmengine.utils import ProgressBar

from ..datasets.synthetic_folder import (
    MANIFEST,
    PAIR_DIRS,
    check_or_clear_folder,
    file_sha256,
    folder_pngs,
    json_normal,
    present_pair_files,
    remove_stale_temporaries,
    write_manifest,
    write_settings,
)
from ..datasets.transforms import augment_label_map
from .png_writer_pool import PngWriterPool


def synthesize_dataset(model: torch.nn.Module,
                       labels: Sequence[np.ndarray],
                       names: Sequence[str],
                       out_dir: str,
                       num: Optional[int] = None,
                       samples_per_label: int = 1,
                       batch_size: int = 8,
                       seed: int = 0,
                       label_augment: Optional[dict] = None,
                       filter_fn: Optional[Callable] = None,
                       metainfo: Optional[dict] = None,
                       provenance: Optional[dict] = None,
                       progress: bool = True,
                       overwrite: bool = False) -> dict:
    """Render ``num`` (image, label) pairs into ``out_dir`` (resumable).

    Output ``i`` renders label source ``(i // samples_per_label) %
    len(labels)`` (augmented when ``label_augment`` is set) with noise and
    augmentation seeded by ``(seed, i)``; batches are fixed blocks of
    ``batch_size`` indices. Every file is written under a temporary name and
    renamed, so an interrupted run leaves no partial file and a rerun skips
    finished blocks and ends with exactly the same files and checksums. A
    rerun whose settings (:data:`SETTINGS_KEYS`) differ from the folder's
    is refused with the settings that differ, unless ``overwrite``.

    The PNG files are encoded, hashed and written by a
    :class:`PngWriterPool` while the next block renders; a failed write
    stops the run with its own error.

    Args:
        model: A :class:`SemanticSynthesisGAN` in eval mode.
        labels: Source label maps at the generator's resolution.
        names: A name per label map (recorded in the manifest).
        out_dir: Output folder (``img_dir/train``, ``ann_dir/train``).
        num: Number of outputs (default ``len(labels) * samples_per_label``).
        samples_per_label: Renderings per source label map.
        batch_size: Generator batch size.
        seed: Base seed.
        label_augment: kwargs of :func:`augment_label_map`, or None.
        filter_fn: ``(images_bgr, labels) -> labels`` setting unreliable
            pixels to 255 (see :func:`make_loss_filter`), or None.
        metainfo: ``classes`` and ``palette`` for the manifest.
        provenance: Extra manifest entries (config / checkpoint hashes).
        progress: Show a progress bar and the throughput.
        overwrite: Delete the folder's pairs and manifest first, instead
            of refusing other settings.

    Returns:
        dict: The manifest written to ``out_dir/manifest.json``.

    Raises:
        SynthesisSettingsError: ``out_dir`` holds pairs made with other
            settings (and ``overwrite`` is off).
    """
    num = num if num is not None else len(labels) * samples_per_label
    if num < 1 or samples_per_label < 1 or batch_size < 1:
        raise ValueError(
            f'num ({num}), samples_per_label ({samples_per_label}) and '
            f'batch_size ({batch_size}) must be >= 1')
    sources = {
        f'{i:06d}': names[(i // samples_per_label) % len(labels)]
        for i in range(num)
    }
    settings = json_normal(dict(
        num=num, samples_per_label=samples_per_label, seed=seed,
        label_augment=label_augment, filtered=filter_fn is not None,
        sources=sources, **(provenance or {}),
        # a generator drawing at inference (pix2pix's dropout) is seeded
        # per block, so its images also depend on the block size
        **(dict(batch_size=batch_size) if model.stochastic else {})))
    # before the folder is touched: a value the generator cannot take
    # would fail in its one-hot, naming nothing, after .settings.json
    # locked the folder to these label maps
    _check_label_values(model, labels, names, out_dir)
    if osp.isdir(out_dir):
        check_or_clear_folder(out_dir, settings, overwrite)
    folders = [out_dir] + [osp.join(out_dir, d) for sub in PAIR_DIRS
                           for d in (osp.dirname(sub), sub)]
    made = [d for d in folders if not osp.isdir(d)]
    for sub in PAIR_DIRS:
        os.makedirs(osp.join(out_dir, sub), exist_ok=True)
    remove_stale_temporaries(out_dir)
    settings_path = None
    if not osp.isfile(osp.join(out_dir, MANIFEST)):
        settings_path = write_settings(out_dir, settings)
    try:
        written = _render_all(model, labels, out_dir, num, samples_per_label,
                              batch_size, seed, label_augment, filter_fn,
                              progress)
    except BaseException:
        # a run that failed before its first pair leaves nothing: no
        # .settings.json that would lock the folder to these settings
        if settings_path and not folder_pngs(out_dir):
            if osp.isfile(settings_path):
                os.remove(settings_path)
            for d in reversed(made):
                if osp.isdir(d) and not os.listdir(d):
                    os.rmdir(d)
        raise
    files = {}
    for n in sorted(sources):
        for sub in PAIR_DIRS:
            rel = f'{sub}/{n}.png'
            files[rel] = written.get(rel) or file_sha256(
                osp.join(out_dir, rel))
    manifest = dict(
        classes=list((metainfo or {}).get('classes',
                                          range(model.num_classes))),
        palette=[list(p) for p in (metainfo or {}).get('palette', [])],
        num=num,
        samples_per_label=samples_per_label,
        seed=seed,
        batch_size=batch_size,
        label_augment=label_augment,
        filtered=filter_fn is not None,
        sources=sources,
        files=files,
        **(provenance or {}))
    write_manifest(out_dir, manifest)
    return manifest


def _check_label_values(model: torch.nn.Module,
                        labels: Sequence[np.ndarray], names: Sequence[str],
                        out_dir: str) -> None:
    """Raise, naming the map, unless every value is a class or ignored."""
    num_classes = model.num_classes
    ignore = getattr(model.data_preprocessor, 'ignore_index', 255)
    for lbl, name in zip(labels, names):
        bad = np.unique(lbl[(lbl >= num_classes) & (lbl != ignore)])
        if bad.size:
            raise ValueError(
                f'label map {name} holds value(s) '
                f'{", ".join(str(int(v)) for v in bad[:5])}: the generator '
                f'takes 0..{num_classes - 1} or {ignore} (ignored); nothing '
                f'was written to {out_dir}')


def _render_all(model, labels, out_dir, num, samples_per_label, batch_size,
                seed, label_augment, filter_fn,
                progress) -> Dict[str, str]:
    """Render the blocks not yet in ``out_dir`` and write their files.

    Returns:
        dict: The checksums of the files this run wrote, by relative path.
    """
    def plan(i: int) -> np.ndarray:
        lbl = labels[(i // samples_per_label) % len(labels)]
        if label_augment is not None:
            rng = np.random.default_rng([seed, i, 1])
            donor = labels[int(rng.integers(len(labels)))]
            lbl = augment_label_map(lbl, rng, donor=donor, **label_augment)
        return lbl

    blocks = [list(range(s, min(s + batch_size, num)))
              for s in range(0, num, batch_size)]
    present = present_pair_files(out_dir)  # finished by earlier runs
    bar = ProgressBar(num) if progress else None
    start, rendered = time.perf_counter(), 0
    # two blocks of pairs in flight: the next block renders meanwhile
    with PngWriterPool(max_pending=2 * batch_size) as pool:
        for block in blocks:
            ids = [f'{i:06d}' for i in block]
            if not all(f'{sub}/{n}.png' in present
                       for n in ids for sub in PAIR_DIRS):
                lbls = np.stack([plan(i) for i in block])
                out = model.render(
                    torch.from_numpy(lbls.astype(np.int64)),
                    noise=model.make_noise([seed * 1_000_003 + i
                                            for i in block]),
                    num_batches=len(block), seed=seed * 1_000_003 + block[0])
                imgs = out['img'].permute(0, 2, 3, 1).cpu().numpy()  # BGR
                if not model.conditional:
                    lbls = out['label'].byte().cpu().numpy()
                if filter_fn is not None:
                    lbls = filter_fn(imgs, lbls)
                for n, img, lbl in zip(ids, imgs, lbls):
                    pool.submit({
                        f'{sub}/{n}.png': (arr, osp.join(out_dir, sub,
                                                         f'{n}.png'))
                        for sub, arr in zip(PAIR_DIRS, (img, lbl))})
                rendered += len(block)
            if bar is not None:
                for _ in block:
                    bar.update()
        written = pool.checksums()
    elapsed = time.perf_counter() - start
    if progress:
        rate = rendered / elapsed if elapsed > 0 else float('nan')
        print(f'\nrendered {rendered} images in {elapsed:.1f} s '
              f'({rate:.2f} images/s); {num - rendered} already present')
    return written
