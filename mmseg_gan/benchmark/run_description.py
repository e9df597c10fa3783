"""What a training run trained, from its config: the leaderboard's
method, backbone, schedule and synthetic-data columns."""
import inspect
import os.path as osp

from mmengine.config import Config
from mmseg.registry import DATA_SAMPLERS, DATASETS, MODELS

from ..datasets import augment_label_map, read_manifest
from ..utils.config_type import is_type


def _non_default_paste(augment: dict) -> bool:
    """Whether the pasting of rare-class instances was set other than
    :func:`augment_label_map`'s defaults (older manifests omit it)."""
    defaults = inspect.signature(augment_label_map).parameters
    return any(augment.get(k, defaults[k].default) != defaults[k].default
               for k in ('paste_prob', 'max_instances'))


def describe_synthetic(dataset: dict) -> str:
    """What a GAN-augmented run mixed in, from the synthetic folder's
    manifest: ``'spade: 184 pairs, 4/label map, label-aug, filtered'``
    (and ``', ignoring Tree,Car'`` for classes the dataset loads as ignored)
    (the synthesizer is its config's name up to the first ``_``).

    Args:
        dataset: The ``GANAugmentedDataset`` config.

    Returns:
        str: The description; the folder's name when it has no readable
        manifest.
    """
    if dataset.get('online'):
        return 'rendered online'
    root = str((dataset.get('synthetic') or {}).get('data_root', ''))
    try:
        manifest = read_manifest(root)
    except (OSError, ValueError):  # moved or deleted: name the folder
        return osp.basename(root.rstrip('/')) or '-'
    parts = [f"{manifest.get('num', '?')} pairs"]
    if manifest.get('samples_per_label', 1) > 1:
        parts.append(f"{manifest['samples_per_label']}/label map")
    augment = manifest.get('label_augment')
    parts.append('label-aug' if augment else 'real layouts')
    if augment and _non_default_paste(augment):
        classes = ','.join(str(c) for c in augment['rare_classes'])
        parts.append(f"paste {classes} x{augment['max_instances']} "
                     f"p{augment['paste_prob']:g}")
    if manifest.get('filtered'):
        parts.append('filtered')
    ignored = (dataset.get('synthetic') or {}).get('ignore_classes')
    if ignored:  # class-wise filtering when loaded
        ignored = [ignored] if isinstance(ignored, (str, int)) else ignored
        parts.append('ignoring ' + ','.join(str(c) for c in ignored))
    text = ', '.join(parts)
    generator = manifest.get('generator_config')
    if generator:  # e.g. pix2pix_1xb4-1k_camvid-144x192.py -> pix2pix
        text = f"{osp.basename(generator).split('_')[0]}: {text}"
    return text


# the discriminator's learning rate of Hung et al.
# (configs/_base_/models/adversarial_head_hung.py); others are named
HUNG_D_LR = 1e-4


def describe_discriminator(cfg: Config) -> str:
    """How an adversarial run's discriminator differs from Hung et al.'s:
    ``', D: spectral norm, lr 1e-05'``, or ``''`` when it does not.

    Args:
        cfg: A run's dumped config with an ``adversarial_head``.

    Returns:
        str: The suffix for the leaderboard's method column.
    """
    parts = []
    if cfg.model.adversarial_head.discriminator.get('spectral_norm'):
        parts.append('spectral norm')
    d_optim = (cfg.get('optim_wrapper') or {}).get('discriminator') or {}
    lr = (d_optim.get('optimizer') or {}).get('lr', HUNG_D_LR)
    if lr != HUNG_D_LR:
        parts.append(f'lr {lr:g}')
    return ', D: ' + ', '.join(parts) if parts else ''


def describe_run(cfg: Config) -> dict:
    """What a training config trains, as the leaderboard's columns.

    Args:
        cfg: A run's dumped config.

    Returns:
        dict: ``method``, ``backbone``, ``crop``, ``schedule``,
        ``synthetic_ratio`` (a number, ``'0.5→0'`` or ``'1 then 0 at 250'``
        for a scheduled share), ``synthetic``, ``adv_weight`` (a number,
        or ``'0 until 250, 0.01 from 500'`` when warmed up; ``'adaptive
        r=0.25'`` for ``adaptive_grad_ratio``) and
        ``labeled``.
    """
    model = cfg.model
    dataset = cfg.train_dataloader.dataset
    method = 'baseline'
    synthetic_ratio = adv_weight = None
    synthetic = '-'
    labeled = 'full'
    if is_type(model.get('type'), 'AdversarialSegmentor', MODELS,
               subclass=True):
        method = 'cGAN-semi' if model.get('semi_cfg') is not None else 'cGAN'
        method += describe_discriminator(cfg)
        head = model.adversarial_head
        weight = head.get('adv_loss_weight', 0.01)
        ratio = head.get('adaptive_grad_ratio')
        label = f'{weight:g}' if ratio is None else f'adaptive r={ratio:g}'
        adv_weight = weight if ratio is None else label
        start, ramp = head.get('adv_start_iter', 0), head.get(
            'adv_ramp_iters', 0)
        if start or ramp:  # warmed up: '0 until 250, 0.01 from 500'
            adv_weight = f'0 until {start}, {label} from {start + ramp}'
    if is_type(dataset.get('type'), 'GANAugmentedDataset', DATASETS,
               subclass=True):
        method = 'GAN-aug ' + ('online' if dataset.get('online') else
                               'offline')
        synthetic_ratio = dataset.get('synthetic_ratio', 0.5)
        sampler = cfg.train_dataloader.get('batch_sampler') or \
            cfg.train_dataloader.get('sampler') or {}
        # 'SyntheticRatioSampler': the share's former home (older runs)
        if is_type(sampler.get('type'), ('SyntheticRatioBatchSampler',
                                         'SyntheticRatioSampler'),
                   DATA_SAMPLERS, subclass=True):
            start, stop = sampler.get('ratio', (0.5, 0.0))
            step = sampler.get('schedule', 'linear') == 'step'
            synthetic_ratio = (
                f"{start:g} then {stop:g} at {sampler.get('end', 1000)}"
                if step else f'{start:g}→{stop:g}')
        synthetic = describe_synthetic(dataset)
        dataset = dataset.real
    if is_type(dataset.get('type'), 'SemiSupervisedSegDataset', DATASETS,
               subclass=True):
        if dataset.get('labeled_fraction') is not None:
            labeled = f"{dataset.labeled_fraction:.3g}"
        else:
            labeled = osp.basename(str(dataset.get('labeled_split')))
        dataset = dataset.labeled
    # mmengine's RepeatDataset (mmseg's DRIVE) and the like: the split is
    # the inner dataset's
    while not dataset.get('ann_file') and isinstance(
            dataset.get('dataset'), dict):
        dataset = dataset.dataset
    if dataset.get('ann_file'):
        labeled = osp.basename(dataset.ann_file)
    backbone = model.backbone.type
    if model.backbone.get('depth'):
        backbone += f'-{model.backbone.depth}'
    head = model.decode_head.type.replace('Head', '')
    size = (model.get('data_preprocessor') or {}).get('size')
    crop = 'x'.join(str(s) for s in size) if size else '-'
    iters = cfg.train_cfg.get('max_iters') or cfg.train_cfg.get('max_epochs')
    unit = 'it' if cfg.train_cfg.get('max_iters') else 'ep'
    schedule = f'{iters} {unit} x {cfg.train_dataloader.batch_size}'
    return dict(method=method, backbone=f'{backbone} {head}', crop=crop,
                schedule=schedule, synthetic_ratio=synthetic_ratio,
                synthetic=synthetic, adv_weight=adv_weight, labeled=labeled)
