"""Split a cGAN segmentor's parameters into two optimizer wrappers."""
from typing import Optional

import torch.nn as nn
from mmengine.config import Config
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict
from mmseg.registry import OPTIM_WRAPPER_CONSTRUCTORS

from ...utils.config_check import ConfigCheckError


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class AdversarialOptimWrapperConstructor:
    """``generator`` (the segmentor) and ``discriminator`` optimizers.

    The ``generator`` wrapper gets every parameter except the
    discriminator's, with mmseg's usual ``paramwise_cfg`` (e.g. a decode-head
    lr multiplier) applied as in any mmseg config; the ``discriminator``
    wrapper gets ``model.adversarial_head``'s (its discriminator's)
    parameters. Users list no modules.
    A config that inherits an mmseg config keeps mmseg's ``optim_wrapper``
    for the segmentor and only adds the discriminator's::

        optim_wrapper = dict(
            constructor='AdversarialOptimWrapperConstructor',
            discriminator=dict(type='OptimWrapper', optimizer=dict(
                type='Adam', lr=1e-4, betas=(0.9, 0.99))))

    The explicit form names both::

        optim_wrapper = dict(
            constructor='AdversarialOptimWrapperConstructor',
            generator=dict(type='OptimWrapper', optimizer=dict(...)),
            discriminator=dict(type='OptimWrapper', optimizer=dict(...)))

    Args:
        optim_wrapper_cfg: ``discriminator`` plus either ``generator`` or
            the segmentor's own wrapper keys (``type``, ``optimizer``, ...).
        paramwise_cfg: The segmentor's ``paramwise_cfg`` when its wrapper is
            given at the top level (mmengine pops it from there); in the
            explicit form each wrapper holds its own.
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        cfg = dict(optim_wrapper_cfg)
        if 'discriminator' not in cfg:
            raise ValueError(
                'AdversarialOptimWrapperConstructor: optim_wrapper needs a '
                "'discriminator' optimizer-wrapper config")
        disc = dict(cfg.pop('discriminator'))
        if 'generator' in cfg:
            gen = dict(cfg.pop('generator'))
            # `_scope_` is mmengine's bookkeeping, not a setting
            extra = sorted(k for k in cfg if not k.startswith('_'))
            extra += ['paramwise_cfg'] if paramwise_cfg else []
            if extra:
                raise ValueError(
                    'AdversarialOptimWrapperConstructor: with a '
                    f"'generator' wrapper, {extra} belong inside it (or "
                    "drop 'generator' and keep the segmentor's wrapper at "
                    'the top level)')
        else:
            if 'optimizer' not in cfg:
                raise ValueError(
                    'AdversarialOptimWrapperConstructor: no optimizer for '
                    "the segmentor; give 'optimizer' (e.g. inherit mmseg's "
                    "optim_wrapper) or a 'generator' wrapper")
            gen = dict(cfg, paramwise_cfg=paramwise_cfg)
        self.cfgs = dict(generator=gen, discriminator=disc)

    def _build(self, name: str, module: nn.Module):
        cfg = dict(self.cfgs[name])
        paramwise = cfg.pop('paramwise_cfg', None)
        return DefaultOptimWrapperConstructor(cfg, paramwise)(module)

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        model = getattr(model, 'module', model)
        head = model.adversarial_head
        disc_params = {id(p) for p in head.parameters()}
        gen = self._build('generator', model)
        # the segmentor's optimizer must not touch the discriminator
        for group in gen.optimizer.param_groups:
            group['params'] = [
                p for p in group['params'] if id(p) not in disc_params
            ]
        gen.optimizer.param_groups = [
            g for g in gen.optimizer.param_groups if g['params']
        ]
        disc = self._build('discriminator', head)
        return OptimWrapperDict(generator=gen, discriminator=disc)


def check_optim_wrapper(cfg: Config) -> None:
    """A config with one optimizer per network (``optim_wrapper.generator``
    and ``optim_wrapper.discriminator``, e.g. mmagic's
    ``MultiOptimWrapperConstructor``) has no top-level ``optimizer``: a
    ``--cfg-options optim_wrapper.optimizer.lr=...`` meant for a segmentor
    would fail inside the constructor, naming nothing.

    The cGAN's :class:`AdversarialOptimWrapperConstructor` takes the
    segmentor's optimizer at the top level and refuses the mix itself.

    Args:
        cfg: The full config.

    Raises:
        ConfigCheckError: Naming the key and where the setting goes.
    """
    optim = cfg.get('optim_wrapper') or {}
    constructor = str(optim.get('constructor', ''))
    if constructor.endswith(AdversarialOptimWrapperConstructor.__name__):
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
