"""Split a cGAN segmentor's parameters into two optimizer wrappers."""
from typing import Optional

import torch.nn as nn
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict
from mmseg.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class AdversarialOptimWrapperConstructor:
    """``generator`` (the segmentor) and ``discriminator`` optimizers.

    The ``generator`` wrapper gets every parameter except the
    discriminator's, with mmseg's usual ``paramwise_cfg`` (e.g. a decode-head
    lr multiplier) applied as in any mmseg config; the ``discriminator``
    wrapper gets ``model.discriminator``'s parameters. Users list no modules::

        optim_wrapper = dict(
            constructor='AdversarialOptimWrapperConstructor',
            generator=dict(type='OptimWrapper', optimizer=dict(type='SGD',
                           lr=0.01, momentum=0.9, weight_decay=5e-4)),
            discriminator=dict(type='OptimWrapper', optimizer=dict(
                type='Adam', lr=1e-4, betas=(0.9, 0.99))))

    Args:
        optim_wrapper_cfg: Dict with ``generator`` and ``discriminator``
            optimizer-wrapper configs (each may hold ``paramwise_cfg``).
        paramwise_cfg: Unused; give it per wrapper.
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        missing = {'generator', 'discriminator'} - set(optim_wrapper_cfg)
        if missing:
            raise ValueError(
                'AdversarialOptimWrapperConstructor: optim_wrapper needs '
                f'keys {sorted(missing)}')
        self.cfgs = {k: dict(v) for k, v in optim_wrapper_cfg.items()}

    def _build(self, name: str, module: nn.Module):
        cfg = dict(self.cfgs[name])
        paramwise = cfg.pop('paramwise_cfg', None)
        return DefaultOptimWrapperConstructor(cfg, paramwise)(module)

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        model = getattr(model, 'module', model)
        disc_params = {id(p) for p in model.discriminator.parameters()}
        gen = self._build('generator', model)
        # the segmentor's optimizer must not touch the discriminator
        for group in gen.optimizer.param_groups:
            group['params'] = [
                p for p in group['params'] if id(p) not in disc_params
            ]
        gen.optimizer.param_groups = [
            g for g in gen.optimizer.param_groups if g['params']
        ]
        disc = self._build('discriminator', model.discriminator)
        return OptimWrapperDict(generator=gen, discriminator=disc)
