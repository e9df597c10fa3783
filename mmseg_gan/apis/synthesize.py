"""Write a GAN-synthesized dataset (mmseg layout) resumably."""
import glob
import hashlib
import os
import os.path as osp
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import mmcv
import numpy as np
import torch
from mmengine.config import Config
from mmengine.utils import ProgressBar
from mmseg.registry import DATASETS, TRANSFORMS

from ..datasets.synthetic_manifest import (
    MANIFEST,
    SETTINGS_FILE,
    check_or_clear_folder,
    file_sha256,
    json_normal,
    read_manifest,
    write_bytes,
    write_json,
)
from ..datasets.transforms import augment_label_map
from ..utils import atomic_write, colorize_labels, is_type


def _imwrite(img: np.ndarray, path: str) -> str:
    """Encode ``img`` (BGR or single-channel) as PNG, atomically.

    Returns:
        str: SHA-256 of the written bytes.
    """
    ok, buf = cv2.imencode('.png', img)
    if not ok:
        raise OSError(f'could not encode {path}')
    data = buf.tobytes()
    atomic_write(path, lambda tmp: write_bytes(tmp, data))
    return hashlib.sha256(data).hexdigest()


def _annotation_loading(gan_cfg: Config, loader: str) -> Tuple:
    """``(dataset config, its LoadAnnotations config, lazy dataset)`` of
    the GAN config's ``loader``."""
    if not gan_cfg.get(loader):
        raise ValueError(f'the GAN config has no {loader}')
    ds_cfg = Config(gan_cfg[loader]['dataset']).to_dict()
    # the dataset's own annotation loading: reduce_zero_label and
    # label_map (ADE20K, COCO-Stuff) apply exactly as in training
    load = next((dict(t) for t in ds_cfg.get('pipeline', [])
                 if is_type(t.get('type'), 'mmcv.LoadAnnotations',
                            TRANSFORMS, subclass=True)),
                dict(type='LoadAnnotations'))
    ds = DATASETS.build(dict(ds_cfg, pipeline=[load], lazy_init=True))
    return ds_cfg, load, ds


def label_reduction(gan_cfg: Config, source: str = 'train') -> dict:
    """What loading the label maps of ``source`` does to the file values.

    ``'val'`` is loaded as the GAN config's test dataset loads its
    annotations, ``'train'`` and a folder as its training dataset does.

    Returns:
        dict: ``reduce_zero_label`` (file value 0 ignored, ``k`` becomes
        class ``k - 1``) and ``label_map`` (or None), as applied.
    """
    loader = 'test_dataloader' if source == 'val' else 'train_dataloader'
    _, load, ds = _annotation_loading(gan_cfg, loader)
    flag = load.get('reduce_zero_label')
    if flag is None:
        flag = getattr(ds, 'reduce_zero_label', False)
    label_map = getattr(ds, 'label_map', None) or None
    return dict(reduce_zero_label=bool(flag),
                label_map={int(k): int(v) for k, v in label_map.items()}
                if label_map else None)


def describe_label_reduction(reduction: dict) -> str:
    """``label_reduction``'s effect in words."""
    words = []
    if reduction.get('reduce_zero_label'):
        words.append('reduce_zero_label=True: file value 0 is ignored (255) '
                     'and k becomes class k-1')
    if reduction.get('label_map'):
        words.append(f'label_map {reduction["label_map"]}')
    return '; '.join(words) or 'no reduce_zero_label, no label_map: file ' \
        'values are class indices'


def load_label_source(gan_cfg: Config, source: str) -> Tuple[List, List]:
    """Label maps to render: ``(labels, names)``.

    Every source is loaded as the GAN config's datasets load their
    annotations, so ``reduce_zero_label`` and ``label_map`` apply (see
    :func:`label_reduction`), and resized to the generator's resolution:
    the maps hold class indices, as the generator and a segmentor take
    them.

    Args:
        gan_cfg: The synthesis GAN's config.
        source: ``'train'`` / ``'val'`` (the GAN config's datasets), or a
            folder of label PNGs as the training dataset stores them (raw
            annotations: ADE20K's 0..150 are reduced to 255, 0..149).

    Raises:
        ValueError: A label map is unreadable or holds values that are
            neither a class index nor 255 after the reduction (the file is
            named).

    Returns:
        tuple: ``uint8`` label maps and a name for each.
    """
    size = _generator_size(gan_cfg)
    if source in ('train', 'val'):
        loader = 'train_dataloader' if source == 'train' else \
            'test_dataloader'
        if not gan_cfg.get(loader):
            raise ValueError(f'label source {source!r}: the GAN config has '
                             f'no {loader}')
        ds_cfg, load, lazy = _annotation_loading(gan_cfg, loader)
        num_classes = len(lazy.metainfo['classes'])
        ds_cfg.update(lazy_init=False, pipeline=[load, dict(
            type='CheckLabelRange', num_classes=num_classes)])
        ds = DATASETS.build(ds_cfg)
        labels, names = [], []
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            if not osp.isfile(info['seg_map_path']):
                raise FileNotFoundError(
                    f'label map {info["seg_map_path"]} does not exist')
            try:
                lbl = ds.pipeline(info)['gt_seg_map']
            except (OSError, AttributeError, TypeError) as e:
                raise ValueError(f'label map {info["seg_map_path"]} cannot '
                                 f'be read ({e})') from e
            labels.append(_resize_label(lbl, size))
            names.append(osp.basename(info['seg_map_path']))
        return labels, names
    if not osp.isdir(source):
        raise FileNotFoundError(
            f"label source {source!r} is neither 'train', 'val' nor a "
            'folder of label PNGs')
    paths = sorted(glob.glob(osp.join(glob.escape(source), '**', '*.png'),
                             recursive=True))
    if not paths:
        raise FileNotFoundError(f'label source {source!r} holds no .png')
    # read as the training dataset reads its annotation files
    _, load, ds = _annotation_loading(gan_cfg, 'train_dataloader')
    reduction = label_reduction(gan_cfg, source)
    check = TRANSFORMS.build(dict(
        type='CheckLabelRange', num_classes=len(ds.metainfo['classes'])))
    loader = TRANSFORMS.build(load)
    labels = []
    for path in paths:
        results = dict(seg_map_path=path, seg_fields=[],
                       reduce_zero_label=reduction['reduce_zero_label'],
                       label_map=reduction['label_map'])
        try:
            lbl = loader(results)['gt_seg_map']
        except (OSError, AttributeError, TypeError) as e:
            raise ValueError(f'label map {path} is unreadable or not a '
                             f'single-channel class-index PNG ({e})') from e
        if lbl.ndim != 2:
            raise ValueError(f'label map {path} is unreadable or not a '
                             'single-channel class-index PNG')
        try:
            check(dict(gt_seg_map=lbl, seg_map_path=path))
        except ValueError as e:
            raise ValueError(
                f'{e} after the reduction of the GAN config\'s training '
                f'annotations ({describe_label_reduction(reduction)}); a '
                '--label-source folder must hold annotation files as that '
                f'dataset stores them: fix {path} or leave it out') from e
        labels.append(_resize_label(lbl, size))
    return labels, [osp.relpath(p, source) for p in paths]


def _generator_size(gan_cfg: Config) -> Tuple[int, int]:
    """(H, W) from the Resize of the GAN config's test pipeline."""
    loader = gan_cfg.get('test_dataloader') or gan_cfg.train_dataloader
    for step in loader['dataset']['pipeline']:
        if is_type(step.get('type'), 'mmcv.Resize', TRANSFORMS,
                   subclass=True) and not step.get('keep_ratio', True):
            w, h = step['scale']
            return int(h), int(w)
    raise ValueError('the GAN config needs a fixed-size Resize '
                     '(keep_ratio=False) in its test pipeline to know the '
                     'generator resolution')


def _resize_label(lbl: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    h, w = size
    if lbl.shape != (h, w):
        lbl = mmcv.imresize(lbl, (w, h), interpolation='nearest')
    return lbl.astype(np.uint8)


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
    num_classes = model.num_classes
    # before the folder is touched: a value the generator cannot take
    # would fail in its one-hot, naming nothing, after .settings.json
    # locked the folder to these label maps
    ignore = getattr(model.data_preprocessor, 'ignore_index', 255)
    for lbl, name in zip(labels, names):
        bad = np.unique(lbl[(lbl >= num_classes) & (lbl != ignore)])
        if bad.size:
            raise ValueError(
                f'label map {name} holds value(s) '
                f'{", ".join(str(int(v)) for v in bad[:5])}: the generator '
                f'takes 0..{num_classes - 1} or {ignore} (ignored); nothing '
                f'was written to {out_dir}')
    if osp.isdir(out_dir):
        check_or_clear_folder(out_dir, settings, overwrite)
    img_dir = osp.join(out_dir, 'img_dir', 'train')
    ann_dir = osp.join(out_dir, 'ann_dir', 'train')
    made = [d for d in (out_dir, osp.join(out_dir, 'img_dir'), img_dir,
                        osp.join(out_dir, 'ann_dir'), ann_dir)
            if not osp.isdir(d)]
    os.makedirs(img_dir, exist_ok=True)
    os.makedirs(ann_dir, exist_ok=True)
    for stale in glob.glob(osp.join(glob.escape(out_dir), '*_dir', 'train',
                                    '.*.tmp*')):
        os.remove(stale)  # left by a killed run; never a finished file
    settings_path = None
    if not osp.isfile(osp.join(out_dir, MANIFEST)):
        settings_path = osp.join(out_dir, SETTINGS_FILE)
        write_json(settings_path, settings)
    try:
        return _render_all(model, labels, names, out_dir, num,
                           samples_per_label, batch_size, seed,
                           label_augment, filter_fn, metainfo, provenance,
                           progress, sources)
    except BaseException:
        # a run that failed before its first pair leaves nothing: no
        # .settings.json that would lock the folder to these settings
        if settings_path and not glob.glob(osp.join(
                glob.escape(out_dir), '*_dir', 'train', '*.png')):
            if osp.isfile(settings_path):
                os.remove(settings_path)
            for d in reversed(made):
                if osp.isdir(d) and not os.listdir(d):
                    os.rmdir(d)
        raise


def _render_all(model, labels, names, out_dir, num, samples_per_label,
                batch_size, seed, label_augment, filter_fn, metainfo,
                provenance, progress, sources) -> dict:
    """The rendering and the manifest of :func:`synthesize_dataset`."""
    img_dir = osp.join(out_dir, 'img_dir', 'train')
    ann_dir = osp.join(out_dir, 'ann_dir', 'train')
    num_classes = model.num_classes
    written: Dict[str, str] = {}  # checksums of the files this run wrote

    def plan(i: int) -> Tuple[np.ndarray, str]:
        src = (i // samples_per_label) % len(labels)
        lbl = labels[src]
        if label_augment is not None:
            rng = np.random.default_rng([seed, i, 1])
            donor = labels[int(rng.integers(len(labels)))]
            lbl = augment_label_map(lbl, rng, donor=donor, **label_augment)
        return lbl, names[src]

    blocks = [list(range(s, min(s + batch_size, num)))
              for s in range(0, num, batch_size)]
    bar = ProgressBar(num) if progress else None
    start, rendered = time.perf_counter(), 0
    for block in blocks:
        ids = [f'{i:06d}' for i in block]
        done = all(
            osp.isfile(osp.join(img_dir, f'{n}.png')) and osp.isfile(
                osp.join(ann_dir, f'{n}.png')) for n in ids)
        if not done:
            lbls = np.stack([plan(i)[0] for i in block])
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
                written[f'img_dir/train/{n}.png'] = _imwrite(
                    np.ascontiguousarray(img), osp.join(img_dir, f'{n}.png'))
                written[f'ann_dir/train/{n}.png'] = _imwrite(
                    np.ascontiguousarray(lbl), osp.join(ann_dir, f'{n}.png'))
            rendered += len(block)
        if bar is not None:
            for _ in block:
                bar.update()
    elapsed = time.perf_counter() - start
    if progress:
        rate = rendered / elapsed if elapsed > 0 else float('nan')
        print(f'\nrendered {rendered} images in {elapsed:.1f} s '
              f'({rate:.2f} images/s); {num - rendered} already present')
    files = {}
    for n in sorted(sources):
        for sub in ('img_dir/train', 'ann_dir/train'):
            rel = f'{sub}/{n}.png'
            files[rel] = written.get(rel) or file_sha256(
                osp.join(out_dir, rel))
    manifest = dict(
        classes=list((metainfo or {}).get('classes', range(num_classes))),
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
    write_json(osp.join(out_dir, MANIFEST), manifest)
    if osp.isfile(osp.join(out_dir, SETTINGS_FILE)):
        os.remove(osp.join(out_dir, SETTINGS_FILE))  # the manifest has them
    return manifest


def write_preview(out_dir: str, num: int = 8) -> str:
    """A picture of ``num`` pairs spread evenly over a synthetic folder.

    Each row is ``image | coloured label | both blended`` (filtered
    pixels, 255, are black), written atomically to ``out_dir/preview.png``.

    Args:
        out_dir: A folder written by :func:`synthesize_dataset`.
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
    path = osp.join(out_dir, 'preview.png')
    _imwrite(np.concatenate(rows, axis=0)[..., ::-1].copy(), path)
    return path


def make_loss_filter(segmentor, tolerance: float = 1.5,
                     ignore_index: int = 255) -> Callable:
    """FreeMask-style filter of unreliable synthetic pixels.

    A reference segmentor segments each synthetic image; pixels whose
    cross-entropy against the synthetic label exceeds ``tolerance`` times
    the mean loss of their class in that image become ``ignore_index``.

    Args:
        segmentor: An mmseg segmentor (``mmseg.apis.init_model``).
        tolerance: Multiple of the class-wise mean loss that is kept.
        ignore_index: Value written for filtered pixels.

    Returns:
        callable: ``(images_bgr, labels) -> filtered labels``.
    """
    from mmseg.apis import inference_model

    def filter_fn(imgs: np.ndarray, labels: np.ndarray) -> np.ndarray:
        preds = inference_model(segmentor, [np.ascontiguousarray(i)
                                            for i in imgs])
        out = labels.copy()
        for k, pred in enumerate(preds):
            logits = pred.seg_logits.data.float().cpu()  # (C, H, W)
            lbl = torch.from_numpy(labels[k].astype(np.int64))
            valid = lbl != ignore_index
            safe = torch.where(valid, lbl, torch.zeros_like(lbl))
            loss = torch.logsumexp(logits, 0) - logits.gather(
                0, safe[None])[0]
            keep = torch.ones_like(valid)
            for c in safe[valid].unique():
                m = valid & (safe == c)
                keep[m] = loss[m] <= tolerance * loss[m].mean()
            out[k][(~keep & valid).numpy()] = ignore_index
        return out

    return filter_fn
