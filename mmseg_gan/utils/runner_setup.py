"""Config preparation shared by ``tools/train.py`` and ``tools/test.py``.

These helpers make stock mmseg configs run where mmengine 0.10.7 alone does
not: multi-process training on machines without CUDA (gloo), ``SyncBN`` on the
CPU, ``--amp`` for GAN configs with several optimizers, and clear errors for
missing data roots and checkpoints.
"""
import argparse
import contextlib
import logging
import os
import os.path as osp
import sys
from typing import Any, Iterator, List, Optional, Tuple

import torch
import torch.distributed as dist
from mmengine.config import Config, ConfigDict, DictAction
from mmengine.logging import print_log
from mmseg.registry import DATA_SAMPLERS, DATASETS, HOOKS, MODELS, TRANSFORMS

from .config_type import is_type
from .file_check import require_file


class ConfigCheckError(Exception):
    """A config names something that does not exist (file, folder)."""


def add_runner_args(parser: argparse.ArgumentParser) -> None:
    """The flags mmseg's train and test tools share.

    ``--cfg-options``, ``--launcher``, ``--local-rank`` (``--local_rank``)
    and ``--debug``.
    """
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override some settings in the used config, the key-value pair '
        'in xxx=yyy format will be merged into config file. If the value to '
        'be overwritten is a list, it should be like key="[a,b]" or key=a,b '
        'It also allows nested list/tuple values, e.g. key="[(a,b),(c,d)]" '
        'Note that the quotation marks are necessary and that no white space '
        'is allowed.')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank (torch >= 2.0)
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    add_debug_arg(parser)


def load_runner_cfg(args: argparse.Namespace) -> Config:
    """Read ``args.config`` the way mmseg's tools do.

    Sets ``LOCAL_RANK`` if unset, the launcher, ``--cfg-options`` and the
    work dir (CLI > config > ``./work_dirs/<config name>``).

    Args:
        args: Parsed arguments with ``config``, ``work_dir``, ``launcher``,
            ``cfg_options`` and ``local_rank``.

    Returns:
        Config: The config.
    """
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    if not osp.isfile(args.config):
        raise ConfigCheckError(f'config file {args.config!r} does not exist')
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    return cfg


DEBUG_ENV = 'MMSEG_GAN_DEBUG'


def add_debug_arg(parser: argparse.ArgumentParser) -> None:
    """``--debug``: show the traceback of a failure (see :func:`cli_errors`).
    """
    parser.add_argument(
        '--debug', action='store_true',
        help=f'show the full traceback of an error (or set {DEBUG_ENV}=1)')


def error_line(exc: BaseException) -> str:
    """One line saying what failed: the innermost message, no traceback.

    An error raised in a DataLoader worker arrives wrapped ("Caught
    ValueError in DataLoader worker process 0. Original Traceback ...");
    its last line is the original error.
    """
    text = str(exc).strip()
    if isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if 'Original Traceback' in text and lines:
        return lines[-1]
    if isinstance(exc, ConfigCheckError):
        return ' '.join(lines)
    if isinstance(exc, KeyError) and 'is not in the' in text and \
            'registry' in text:
        return f'unknown type in config: {text}'
    kind = type(exc).__name__
    return f'{kind}: {" ".join(lines)}' if lines else kind


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn any failure into one ``error: ...`` line and exit code 1.

    Config mistakes, missing or unfitting files, bad data and build errors
    reach the user as the one line that names them, not a traceback.
    ``--debug`` on the command line (or ``MMSEG_GAN_DEBUG=1``) re-raises
    with the full traceback instead.
    """
    try:
        yield
    except Exception as e:  # noqa: BLE001 - every failure becomes one line
        if '--debug' in sys.argv[1:] or os.environ.get(DEBUG_ENV, '') \
                not in ('', '0'):
            raise
        sys.exit(f'error: {error_line(e)} (--debug shows the traceback)')


def _walk(node: Any, path: str = '') -> Iterator[Tuple[str, Any, Any]]:
    """Yield ``(key_path, container, key)`` for every dict entry."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f'{path}.{key}' if path else str(key)
            yield sub, node, key
            yield from _walk(value, sub)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _walk(value, f'{path}[{i}]')


def revert_sync_bn_in_cfg(cfg: Config) -> List[str]:
    """Replace ``SyncBN`` by ``BN`` in ``cfg.model`` (for CPU runs).

    ``torch.nn.SyncBatchNorm`` only runs on accelerators once a process group
    exists, so stock mmseg configs (``norm_cfg=dict(type='SyncBN')``) cannot
    train on CPU with several processes.

    Args:
        cfg: The config, modified in place.

    Returns:
        list[str]: The key paths that were changed.
    """
    changed = []
    for path, container, key in _walk(cfg.get('model', {}), 'model'):
        if key == 'type' and is_type(container[key], 'SyncBN', MODELS):
            container[key] = 'BN'
            changed.append(path)
    return changed


def _check_split_file(path: str, key: str) -> None:
    """A split file (``ann_file``, ``labeled_split``) names an image."""
    if not osp.isfile(path):
        raise ConfigCheckError(
            f'split file {path!r} (config key {key}) does not exist')
    with open(path) as f:
        if not any(line.strip() for line in f):
            raise ConfigCheckError(
                f'split file {path!r} (config key {key}) lists no image; '
                'write one image name per line (tools/dataset_converters/'
                'make_labeled_split.py) or drop the key to use every image')


def check_data_roots(cfg: Config, mode: str = 'train') -> None:
    """Raise a clear error if a dataloader's ``data_root`` does not exist,
    or a split file it names (``ann_file``, ``labeled_split``) is missing
    or empty.

    Only the dataloaders the Runner builds for ``mode`` are checked:
    training builds the train loader and, when ``val_cfg`` is set, the val
    loader; testing builds the test loader.

    Args:
        cfg: The full config.
        mode: ``'train'`` or ``'test'``.

    Raises:
        ConfigCheckError: Naming the key and the missing folder or the
            missing or empty split file.
    """
    if mode == 'train':
        loaders = ['train_dataloader']
        if cfg.get('val_cfg'):
            loaders.append('val_dataloader')
    elif mode == 'test':
        loaders = ['test_dataloader']
    else:
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    for loader in loaders:
        if not cfg.get(loader):
            continue
        for path, container, key in _walk(cfg[loader], loader):
            if key != 'data_root':
                continue
            root = container[key]
            if isinstance(root, str) and root and not osp.isdir(root):
                raise ConfigCheckError(
                    f'data root {root!r} (config key {path}) does not exist '
                    f'(absolute: {osp.abspath(root)}); prepare the dataset '
                    f'(see README "Data preparation") or override it with '
                    f'--cfg-options {path}=PATH')
        for path, container, key in _walk(cfg[loader], loader):
            value = container[key]
            if key in ('ann_file', 'labeled_split') and \
                    isinstance(value, str) and value:
                root = container.get('data_root') if key == 'ann_file' \
                    else None  # mmseg joins ann_file to the data root
                _check_split_file(
                    value if osp.isabs(value) or not root else
                    osp.join(root, value), path)


def insert_label_checks(cfg: Config) -> int:
    """Add :class:`CheckLabelRange` after every ``LoadAnnotations`` of the
    training pipelines, with the segmentor's ``num_classes``.

    Args:
        cfg: The full config, modified in place.

    Returns:
        int: The number of pipelines changed (0 when the model has no
        ``num_classes`` to check against).
    """
    model = cfg.get('model') or {}
    head = model.get('decode_head') or {}
    if isinstance(head, (list, tuple)):  # cascade heads share the classes
        head = head[-1]
    num_classes = head.get('num_classes') or model.get('num_classes')
    if not num_classes or not cfg.get('train_dataloader'):
        return 0
    check = dict(type='CheckLabelRange', num_classes=num_classes,
                 ignore_index=head.get('ignore_index', 255))
    changed = 0
    for _, container, key in list(_walk(cfg.train_dataloader)):
        steps = container[key]
        if key != 'pipeline' or not isinstance(steps, list):
            continue
        types = [t.get('type') if isinstance(t, dict) else None
                 for t in steps]
        if any(is_type(t, 'CheckLabelRange', TRANSFORMS, subclass=True)
               for t in types):
            continue
        for i in reversed(range(len(steps))):
            # mmseg's LoadAnnotations and any other subclass of mmcv's
            if is_type(types[i], 'mmcv.LoadAnnotations', TRANSFORMS,
                       subclass=True):
                steps.insert(i + 1, dict(check))
                changed += 1
    return changed


def check_gan_aug_setup(cfg: Config) -> None:
    """Stop or warn where a GAN-aug training config would silently differ
    from what it says.

    - ``GANAugmentedDataset(online=True)`` only marks samples; without
      ``OnlineSynthesisDataPreprocessor`` as the model's data preprocessor
      nothing renders them and the run trains on duplicated real images.
    - A :class:`SyntheticRatioSampler` counts iterations in batches of its
      own ``batch_size``, which must be the dataloader's; one whose ``end``
      is past ``train_cfg.max_iters`` never reaches its final share (a
      warning).

    Args:
        cfg: The full config.

    Raises:
        ConfigCheckError: Online GAN-aug without the rendering preprocessor,
            or a sampler batch size other than the dataloader's.
    """
    loader = cfg.get('train_dataloader') or {}
    for path, container, key in _walk(loader, 'train_dataloader'):
        if key == 'type' and container.get('online') and is_type(
                container[key], 'GANAugmentedDataset', DATASETS,
                subclass=True):
            pre = ((cfg.get('model') or {}).get('data_preprocessor')
                   or {}).get('type')
            if not is_type(pre, 'OnlineSynthesisDataPreprocessor', MODELS,
                           subclass=True):
                raise ConfigCheckError(
                    f'{path[:-len(".type")]} is a GANAugmentedDataset with '
                    'online=True, but model.data_preprocessor is '
                    f'{pre!r}: set it to OnlineSynthesisDataPreprocessor '
                    '(with the synthesizer config and checkpoint), or it '
                    'would train on duplicated real images')
    sampler = loader.get('sampler') or {}
    ratio_sampler = is_type(sampler.get('type'), 'SyntheticRatioSampler',
                            DATA_SAMPLERS, subclass=True)
    if ratio_sampler and sampler.get('batch_size') != loader.get('batch_size'):
        raise ConfigCheckError(
            'train_dataloader.sampler.batch_size is '
            f"{sampler.get('batch_size')} but train_dataloader.batch_size "
            f"is {loader.get('batch_size')}: the sampler counts iterations "
            'in batches, so its schedule would run at the wrong pace; set '
            'both to the same value')
    max_iters = (cfg.get('train_cfg') or {}).get('max_iters')
    if ratio_sampler and max_iters and \
            sampler.get('end', 1000) > max_iters:
        print_log(
            f"train_dataloader.sampler.end is {sampler.get('end', 1000)} "
            f'but train_cfg.max_iters is {max_iters}: the synthetic share '
            'stops short of its final value; set --cfg-options '
            f'train_dataloader.sampler.end={max_iters}',
            logger='current', level=logging.WARNING)


def use_atomic_checkpoints(cfg: Config) -> bool:
    """Use :class:`AtomicCheckpointHook` for a plain ``CheckpointHook``.

    Args:
        cfg: The full config, modified in place.

    Returns:
        bool: Whether the hook was replaced.
    """
    hook = (cfg.get('default_hooks') or {}).get('checkpoint')
    # exactly mmengine's hook: a subclass keeps its own behaviour
    if hook and is_type(hook.get('type'), 'mmengine.CheckpointHook', HOOKS):
        hook['type'] = 'AtomicCheckpointHook'
        return True
    return False


def check_file(path: str, what: str) -> None:
    """Raise a clear error if ``path`` (a local file) does not exist.

    Args:
        path: File path; URLs and other mmengine schemes are not checked.
        what: What the file is, for the message (e.g. ``'checkpoint'``).
    """
    try:
        require_file(path, what)
    except FileNotFoundError as exc:
        raise ConfigCheckError(str(exc)) from None


def enable_amp(cfg: Config, dtype: Optional[str] = None) -> None:
    """Switch ``OptimWrapper`` (or every wrapper of a dict) to AMP.

    Covers a single wrapper, a dict of wrappers (``generator`` /
    ``discriminator``) and a single wrapper with a nested ``discriminator``
    one (:class:`AdversarialOptimWrapperConstructor`).

    Args:
        cfg: The config, modified in place.
        dtype: Autocast dtype, ``'float16'`` (mmengine's default) or
            ``'bfloat16'``.
    """
    optim_wrapper = cfg.optim_wrapper
    if 'type' in optim_wrapper or 'optimizer' in optim_wrapper:
        wrappers = [optim_wrapper]
        if isinstance(optim_wrapper.get('discriminator'), dict):
            wrappers.append(optim_wrapper.discriminator)
    else:  # {'generator': dict(...), 'discriminator': dict(...)}
        wrappers = [w for w in optim_wrapper.values() if isinstance(w, dict)]
    for wrapper in wrappers:
        kind = wrapper.get('type', 'OptimWrapper')
        if kind == 'AmpOptimWrapper':
            print_log('AMP training is already enabled in your config.',
                      logger='current')
            if dtype:
                wrapper['dtype'] = dtype
            continue
        if kind != 'OptimWrapper':
            raise ConfigCheckError(
                f'--amp is only supported with optim_wrapper type '
                f"'OptimWrapper', got {kind!r}")
        wrapper['type'] = 'AmpOptimWrapper'
        wrapper['loss_scale'] = 'dynamic'
        if dtype:
            wrapper['dtype'] = dtype


def _env_from_scheduler() -> None:
    """Fill torch.distributed env vars from slurm / OpenMPI when missing."""
    pairs = (
        ('RANK', ('SLURM_PROCID', 'OMPI_COMM_WORLD_RANK')),
        ('WORLD_SIZE', ('SLURM_NTASKS', 'OMPI_COMM_WORLD_SIZE')),
        ('LOCAL_RANK', ('SLURM_LOCALID', 'OMPI_COMM_WORLD_LOCAL_RANK')),
    )
    for key, sources in pairs:
        if key not in os.environ:
            for src in sources:
                if src in os.environ:
                    os.environ[key] = os.environ[src]
                    break
    os.environ.setdefault('MASTER_ADDR', '127.0.0.1')
    os.environ.setdefault('MASTER_PORT', '29500')


def prepare_cfg_for_device(cfg: Config) -> None:
    """Adapt ``cfg`` to a machine without CUDA (no-op where CUDA exists).

    - ``SyncBN`` becomes ``BN``.
    - With a launcher, a ``gloo`` process group is initialised here (mmengine's
      ``init_dist`` calls ``torch.cuda.set_device``) and the DDP wrapper gets
      ``device_ids=None`` (mmengine passes ``[local_rank]``, a CUDA index).

    Args:
        cfg: The config (``cfg.launcher`` set), modified in place.
    """
    if torch.cuda.is_available():
        return
    changed = revert_sync_bn_in_cfg(cfg)
    if changed:
        print_log(f'No CUDA device: SyncBN -> BN at {", ".join(changed)}',
                  logger='current')
    if cfg.get('launcher', 'none') == 'none':
        return
    _env_from_scheduler()
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo', init_method='env://')
    wrapper = cfg.get('model_wrapper_cfg') or ConfigDict(
        type='MMDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
