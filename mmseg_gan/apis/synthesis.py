"""Synthesize a training folder with a trained label->image GAN: the one
call behind ``tools/synthesize.py``."""
import os
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np
from mmengine.config import Config, ConfigDict
from mmseg.registry import DATASETS

from ..datasets.synthetic_folder import (
    check_or_clear_folder,
    file_sha256,
    json_normal,
    write_preview,
)
from ..evaluation.sample_diversity import sample_diversity
from ..models.gans.synthesizer_loading import load_synthesizer
from ..utils import ConfigCheckError, check_file
from .dataset_writer import synthesize_dataset
from .label_source import label_reduction, load_label_source
from .loss_filter import make_loss_filter


@dataclass
class SynthesisResult:
    """What :func:`synthesize_folder` made.

    Attributes:
        out_dir: The synthetic folder.
        manifest: Its ``manifest.json``.
        num_label_maps: Label maps in the label source.
        label_source: ``'train'``, ``'val'`` or the folder rendered from.
        label_reduction: What loading them did to the file values
            (:func:`label_reduction`).
        label_augment: The :func:`augment_label_map` settings, or None.
        diversity: :func:`sample_diversity` of the generator, or None (not
            conditional, or a single label map).
        preview: Path of ``preview.png``, or None.
    """
    out_dir: str
    manifest: dict
    num_label_maps: int
    label_source: str
    label_reduction: dict
    label_augment: Optional[dict] = None
    diversity: Optional[dict] = None
    preview: Optional[str] = None


def synthesize_folder(config: str,
                      checkpoint: str,
                      out_dir: str,
                      num: Optional[int] = None,
                      label_source: str = 'train',
                      samples_per_label: int = 1,
                      batch_size: int = 8,
                      device: str = 'cpu',
                      seed: int = 0,
                      label_augment: bool = False,
                      rare_classes: Optional[Sequence[int]] = None,
                      paste_prob: float = 0.5,
                      max_instances: int = 3,
                      label_vflip: float = 0.0,
                      label_rotate: float = 0.0,
                      label_elastic: Optional[Sequence[float]] = None,
                      filter_config: Optional[str] = None,
                      filter_checkpoint: Optional[str] = None,
                      filter_tolerance: float = 1.5,
                      preview: int = 8,
                      overwrite: bool = False,
                      cfg_options: Optional[dict] = None,
                      progress: bool = True) -> SynthesisResult:
    """Render (image, label) pairs with a trained GAN into a folder that
    :class:`SyntheticSegDataset` reads; rerunning the same call resumes.

    In order: the files are checked, the label maps loaded as the GAN
    config's datasets load theirs (a bad one is named before the model is
    loaded), the settings the folder records compared (a rerun with other
    settings is refused before the model is loaded), the GAN and the
    optional reference segmentor loaded, the pairs rendered and written
    with their manifest (:func:`synthesize_dataset`), the sample diversity
    measured and the preview drawn.

    Args:
        config: The GAN's training config.
        checkpoint: Its checkpoint.
        out_dir: Output folder (made if needed).
        num: Number of pairs (default: label maps x ``samples_per_label``).
        label_source: ``'train'`` / ``'val'`` (the config's datasets) or a
            folder of label PNGs as the config's training dataset stores
            them (:func:`load_label_source`).
        samples_per_label: Renderings per label map.
        batch_size: Generator batch size.
        device: Device of the GAN and the reference segmentor.
        seed: Base seed.
        label_augment: New layouts: flip, zoom/shift, paste rare-class
            instances (:func:`augment_label_map`).
        rare_classes: Classes whose instances are pasted (default: the
            rarest third of the classes present in the label source).
        paste_prob: Probability that a layout gets pasted instances.
        max_instances: Most rare-class instances pasted into one layout.
        label_vflip: With ``label_augment``: probability of a vertical flip.
        label_rotate: With ``label_augment``: largest rotation in degrees.
        label_elastic: With ``label_augment``: ``(displacement, sigma)`` in
            pixels of an elastic deformation, or None.
        filter_config: Reference segmentor config: filter unreliable
            synthetic pixels (:func:`make_loss_filter`).
        filter_checkpoint: Its checkpoint (needed with ``filter_config``).
        filter_tolerance: Keep pixels whose loss <= tolerance x class-wise
            mean loss.
        preview: Pairs shown in ``out_dir/preview.png``; 0: none.
        overwrite: Replace what ``out_dir`` holds when it was made with
            other settings (default: refuse, naming the settings).
        cfg_options: Overrides of the GAN config (e.g. ``data_root``).
        progress: Show a progress bar and the throughput.

    Returns:
        SynthesisResult: The manifest and what was measured.

    Raises:
        ConfigCheckError: A file is missing, or ``out_dir`` cannot be made.
        SynthesisSettingsError: ``out_dir`` holds pairs made with other
            settings (and ``overwrite`` is off).
    """
    check_file(config, 'config')
    check_file(checkpoint, 'checkpoint')
    if filter_config:
        if not filter_checkpoint:
            raise ConfigCheckError('filter_config needs filter_checkpoint')
        check_file(filter_config, '--filter-config')
        check_file(filter_checkpoint, '--filter-checkpoint')
    check_output_dir(out_dir)
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    # the label maps first: a bad one is named before the model is loaded
    labels, names = load_label_source(cfg, label_source)
    reduction = label_reduction(cfg, label_source)
    provenance = dict(
        generator_config=osp.abspath(config),
        generator_config_sha256=file_sha256(config),
        # what cfg_options changed in it (e.g. the label maps' split)
        generator_cfg_options=cfg_options or None,
        generator_checkpoint=osp.abspath(checkpoint),
        generator_checkpoint_sha256=file_sha256(checkpoint),
        label_source=label_source,
        # what loading the label source did: the folder holds class
        # indices (SyntheticSegDataset never reduces them again)
        label_reduction=reduction,
        filter=dict(config=filter_config, checkpoint=filter_checkpoint,
                    tolerance=filter_tolerance) if filter_config else None)
    if osp.isdir(out_dir) and not overwrite:
        # the settings a folder records that need no model, compared
        # before it is loaded (synthesize_dataset compares them all)
        check_or_clear_folder(out_dir, json_normal(dict(
            provenance, seed=seed, samples_per_label=samples_per_label,
            num=num if num is not None else len(labels) * samples_per_label,
            filtered=bool(filter_config))), overwrite=False,
            only_given=True)
    model = load_synthesizer(cfg, checkpoint, device)
    augment = None
    if label_augment:
        rare = list(rare_classes) if rare_classes is not None else \
            rarest_classes(labels, model.num_classes)
        augment = dict(rare_classes=rare, paste_prob=paste_prob,
                       max_instances=max_instances)
        # recorded only when on, so earlier folders keep their settings
        if label_vflip:
            augment['vflip_prob'] = label_vflip
        if label_rotate:
            augment['max_rotate_degree'] = label_rotate
        if label_elastic:
            augment.update(elastic_displacement=label_elastic[0],
                           elastic_sigma=label_elastic[1])
    filter_fn = None
    if filter_config:
        from mmseg.apis import init_model
        filter_fn = make_loss_filter(
            init_model(filter_config, filter_checkpoint, device=device),
            filter_tolerance)
    manifest = synthesize_dataset(
        model, labels, names, out_dir, num=num,
        samples_per_label=samples_per_label, batch_size=batch_size,
        seed=seed, label_augment=augment, filter_fn=filter_fn,
        metainfo=dataset_metainfo(cfg.train_dataloader.dataset),
        provenance=provenance, progress=progress, overwrite=overwrite)
    diversity = sample_diversity(model, labels, seed=seed) \
        if model.conditional and len(labels) >= 2 else None
    return SynthesisResult(
        out_dir=out_dir, manifest=manifest, num_label_maps=len(labels),
        label_source=label_source, label_reduction=reduction,
        label_augment=augment, diversity=diversity,
        preview=write_preview(out_dir, preview) if preview > 0 else None)


def check_output_dir(out: str) -> None:
    """Raise unless ``out`` is, or can be made, a writable folder.

    Raises:
        ConfigCheckError: ``out`` is a file, or no folder above it is
            writable.
    """
    path = osp.abspath(out)
    if osp.exists(path) and not osp.isdir(path):
        raise ConfigCheckError(f'--out {out!r} exists and is not a folder')
    while not osp.exists(path):
        path = osp.dirname(path)
    if not osp.isdir(path) or not os.access(path, os.W_OK | os.X_OK):
        raise ConfigCheckError(
            f'--out {out!r} cannot be created: {path!r} is not a writable '
            'folder')


def rarest_classes(labels: Sequence[np.ndarray],
                   num_classes: int) -> List[int]:
    """The rarest third (at least one) of the classes present in
    ``labels``, rarest first: the default classes pasted by the label
    augmentation."""
    counts = np.bincount(
        np.concatenate([lbl[lbl < num_classes].ravel() for lbl in labels]),
        minlength=num_classes)
    present = [c for c in np.argsort(counts) if counts[c] > 0]
    return [int(c) for c in present[:max(1, len(present) // 3)]]


def dataset_metainfo(dataset_cfg: ConfigDict) -> dict:
    """``classes`` / ``palette`` of the dataset the GAN was trained on."""
    cfg = dict(dataset_cfg.to_dict(), pipeline=[], lazy_init=True)
    return DATASETS.build(cfg).metainfo
