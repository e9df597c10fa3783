"""Switch a config's optimizer wrappers to automatic mixed precision."""
from typing import Optional

from mmengine.config import Config
from mmengine.logging import print_log

from .config_check import ConfigCheckError


def enable_amp(cfg: Config, dtype: Optional[str] = None) -> None:
    """Switch ``OptimWrapper`` (or every wrapper of a dict) to AMP.

    Covers a single wrapper, a dict of wrappers (``generator`` /
    ``discriminator``) and a single wrapper with a nested ``discriminator``
    one (the cGAN configs' optimizer constructor).

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
