"""Label maps to render, loaded as the GAN config's datasets load theirs."""
import glob
import itertools
import os.path as osp
from typing import List, Tuple

import mmcv
import numpy as np
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS, TRANSFORMS

from ..utils import is_type


def _annotation_loading(gan_cfg: Config, loader: str) -> Tuple:
    """``(dataset config, its LoadAnnotations config, lazy dataset, the
    label steps right after it)`` of the GAN config's ``loader``."""
    if not gan_cfg.get(loader):
        raise ValueError(f'the GAN config has no {loader}')
    # the config's registry scope, so its transforms resolve as in training
    init_default_scope(gan_cfg.get('default_scope', 'mmseg'))
    ds_cfg = Config(gan_cfg[loader]['dataset']).to_dict()
    # the dataset's own annotation loading: reduce_zero_label and
    # label_map (ADE20K, COCO-Stuff) apply exactly as in training
    pipeline = [dict(t) for t in ds_cfg.get('pipeline', [])]
    at = next((i for i, t in enumerate(pipeline)
               if is_type(t.get('type'), 'mmcv.LoadAnnotations', TRANSFORMS,
                          subclass=True)), None)
    load = dict(type='LoadAnnotations') if at is None else pipeline[at]
    # and the label steps that follow it: LoadFOVMask(ignore_outside=True)
    # marks the outside of a fundus as 255, which the generator renders
    extra = [] if at is None else list(itertools.takewhile(
        lambda t: is_type(t.get('type'), 'LoadFOVMask', TRANSFORMS,
                          subclass=True), pipeline[at + 1:]))
    ds = DATASETS.build(dict(ds_cfg, pipeline=[load], lazy_init=True))
    return ds_cfg, load, ds, extra


def label_reduction(gan_cfg: Config, source: str = 'train') -> dict:
    """What loading the label maps of ``source`` does to the file values.

    ``'val'`` is loaded as the GAN config's test dataset loads its
    annotations, ``'train'`` and a folder as its training dataset does.

    Returns:
        dict: ``reduce_zero_label`` (file value 0 ignored, ``k`` becomes
        class ``k - 1``) and ``label_map`` (or None), as applied.
    """
    loader = 'test_dataloader' if source == 'val' else 'train_dataloader'
    _, load, ds, _ = _annotation_loading(gan_cfg, loader)
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
    :func:`label_reduction`); ``'train'`` and ``'val'`` also run the
    ``LoadFOVMask`` steps that follow ``LoadAnnotations`` (a folder has no
    images to find masks by); then each map is resized to the generator's
    resolution: the maps hold class indices, as the generator and a
    segmentor take them.

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
        ds_cfg, load, lazy, extra = _annotation_loading(gan_cfg, loader)
        num_classes = len(lazy.metainfo['classes'])
        ds_cfg.update(lazy_init=False, pipeline=[load, *extra, dict(
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
    _, load, ds, _ = _annotation_loading(gan_cfg, 'train_dataloader')
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
