"""Refuse optimizer settings a two-optimizer config would not use."""
from mmengine.config import Config

from .runner_setup import ConfigCheckError


def check_optim_wrapper(cfg: Config) -> None:
    """A config with one optimizer per network (``optim_wrapper.generator``
    and ``optim_wrapper.discriminator``, e.g. mmagic's
    ``MultiOptimWrapperConstructor``) has no top-level ``optimizer``: a
    ``--cfg-options optim_wrapper.optimizer.lr=...`` meant for a segmentor
    would fail inside the constructor, naming nothing.

    The cGAN's ``AdversarialOptimWrapperConstructor`` takes the segmentor's
    optimizer at the top level and refuses the mix itself.

    Args:
        cfg: The full config.

    Raises:
        ConfigCheckError: Naming the key and where the setting goes.
    """
    optim = cfg.get('optim_wrapper') or {}
    constructor = str(optim.get('constructor', ''))
    if constructor.endswith('AdversarialOptimWrapperConstructor'):
        return
    nets = [k for k in ('generator', 'discriminator') if k in optim]
    stray = [k for k in ('optimizer', 'paramwise_cfg') if k in optim]
    if nets and stray:
        keys = ', '.join(f'optim_wrapper.{n}' for n in nets)
        raise ConfigCheckError(
            f'optim_wrapper.{stray[0]} is set, but this config has one '
            f'optimizer per network ({keys}): set '
            f'optim_wrapper.{nets[0]}.{stray[0]}... (and '
            f'optim_wrapper.{nets[-1]}.{stray[0]}...) instead')
