"""Adapt a config to a machine without CUDA.

mmengine 0.10.7 alone cannot train stock mmseg configs there with several
processes: ``SyncBN`` needs an accelerator and mmengine's ``init_dist`` and
DDP wrapper assume CUDA devices.
"""
import os
from typing import List

import torch
import torch.distributed as dist
from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log
from mmseg.registry import MODELS

from .config_type import is_type
from .config_walk import walk_config


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
    for path, container, key in walk_config(cfg.get('model', {}), 'model'):
        if key == 'type' and is_type(container[key], 'SyncBN', MODELS):
            container[key] = 'BN'
            changed.append(path)
    return changed


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
