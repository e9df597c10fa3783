"""Config preparation shared by ``tools/train.py`` and ``tools/test.py``.

These helpers make stock mmseg configs run where mmengine 0.10.7 alone does
not: multi-process training on machines without CUDA (gloo), ``SyncBN`` on the
CPU, ``--amp`` for GAN configs with several optimizers, and clear errors for
missing data roots and checkpoints.
"""
import argparse
import contextlib
import os
import os.path as osp
import sys
from typing import Any, Iterator, List, Tuple

import torch
import torch.distributed as dist
from mmengine.config import Config, ConfigDict, DictAction
from mmengine.logging import print_log


class ConfigCheckError(Exception):
    """A config names something that does not exist (file, folder)."""


def add_runner_args(parser: argparse.ArgumentParser) -> None:
    """The flags mmseg's train and test tools share.

    ``--cfg-options``, ``--launcher`` and ``--local-rank`` (``--local_rank``).
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


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn config mistakes into one ``error: ...`` line and exit code 1.

    Covers :class:`ConfigCheckError` and mmengine's registry ``KeyError``
    (a config naming an unknown ``type``); other exceptions propagate with
    their traceback.
    """
    try:
        yield
    except ConfigCheckError as e:
        sys.exit(f'error: {e}')
    except KeyError as e:
        msg = str(e.args[0]) if e.args else ''
        if 'is not in the' in msg and 'registry' in msg:
            sys.exit(f'error: unknown type in config: {msg}')
        raise


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
        if key == 'type' and container[key] == 'SyncBN':
            container[key] = 'BN'
            changed.append(path)
    return changed


def check_data_roots(cfg: Config, mode: str = 'train') -> None:
    """Raise a clear error if a dataloader's ``data_root`` does not exist.

    Only the dataloaders the Runner builds for ``mode`` are checked:
    training builds the train loader and, when ``val_cfg`` is set, the val
    loader; testing builds the test loader.

    Args:
        cfg: The full config.
        mode: ``'train'`` or ``'test'``.

    Raises:
        ConfigCheckError: Naming the key and the missing folder.
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


def check_file(path: str, what: str) -> None:
    """Raise a clear error if ``path`` (a local file) does not exist.

    Args:
        path: File path; URLs and other mmengine schemes are not checked.
        what: What the file is, for the message (e.g. ``'checkpoint'``).
    """
    if '://' in path:
        return
    if not osp.isfile(path):
        raise ConfigCheckError(
            f'{what} {path!r} does not exist (absolute: {osp.abspath(path)})')


def enable_amp(cfg: Config) -> None:
    """Switch ``OptimWrapper`` (or every wrapper of a dict) to AMP.

    Covers a single wrapper, a dict of wrappers (``generator`` /
    ``discriminator``) and a single wrapper with a nested ``discriminator``
    one (:class:`AdversarialOptimWrapperConstructor`).

    Args:
        cfg: The config, modified in place.
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
            continue
        if kind != 'OptimWrapper':
            raise ConfigCheckError(
                f'--amp is only supported with optim_wrapper type '
                f"'OptimWrapper', got {kind!r}")
        wrapper['type'] = 'AmpOptimWrapper'
        wrapper['loss_scale'] = 'dynamic'


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
