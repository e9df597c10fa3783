"""One alternating generator / discriminator update, shared by both GAN uses.

The synthesis GAN (label map -> image) and the adversarial segmentor (image
-> label map) both train two networks with two optimizers. Their
``train_step`` is this mixin's; they only say how to compute the losses.
"""
from typing import Dict, Optional

import torch
import torch.distributed as dist
import torch.nn as nn
from mmengine.optim import OptimWrapperDict
from torch import Tensor

from ..utils import current_iter


def set_requires_grad(module: nn.Module, flag: bool) -> None:
    """Switch ``requires_grad`` of all parameters of ``module``."""
    for param in module.parameters():
        param.requires_grad_(flag)


class NonFiniteLossError(FloatingPointError):
    """A loss became NaN or Inf; training stops before the bad update."""


class AlternatingUpdateMixin:
    """``train_step`` alternating a generator and a discriminator update.

    Per iteration: every ``discriminator_steps`` iterations a generator step
    (discriminator frozen), then, every ``discriminator_interval``
    iterations, a discriminator step on the detached outputs of that
    generator step, so the generator's forward pass is not repeated.
    ``discriminator_steps > 1`` gives the discriminator more updates than
    the generator, ``discriminator_interval > 1`` fewer. AMP and gradient
    accumulation come from the optimizer wrappers
    (``optim_context`` / ``update_params``); DDP from
    ``MMSeparateDistributedDataParallel``. A non-finite loss raises
    :class:`NonFiniteLossError` on every rank before any weight changes, so
    the last checkpoint written stays the last good one.

    The host class (an mmengine ``BaseModel``) names the two networks'
    modules (:meth:`generator_module`, :meth:`discriminator_module`), sets
    the schedule with :meth:`set_update_schedule` and implements:

    - ``generator_losses(inputs, data_samples) -> (losses, cache)``
    - ``discriminator_losses(inputs, data_samples, cache) -> losses``
      where ``cache`` is what the generator step produced (``None`` on
      iterations without a generator step); both receive the keyword
      arguments ``preprocess_train_batch`` returns (by default ``inputs``
      and ``data_samples``).
    - optionally ``after_generator_update(curr_iter)`` (EMA).
    """
    discriminator_steps: int = 1
    discriminator_interval: int = 1

    def set_update_schedule(self, discriminator_steps: int = 1,
                            discriminator_interval: int = 1) -> None:
        """Set how often each network is updated.

        Args:
            discriminator_steps: Discriminator updates per generator
                update (the generator steps every this many iterations).
            discriminator_interval: Generator updates per discriminator
                update (the discriminator steps every this many
                iterations).

        Raises:
            ValueError: If either is below 1, or both are above 1.
        """
        name = type(self).__name__
        for key, value in (('discriminator_steps', discriminator_steps),
                           ('discriminator_interval',
                            discriminator_interval)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(
                    f'{name}: {key} must be an integer >= 1, got {value!r}')
        if discriminator_steps > 1 and discriminator_interval > 1:
            raise ValueError(
                f'{name}: discriminator_steps ({discriminator_steps}) and '
                f'discriminator_interval ({discriminator_interval}) cannot '
                'both be above 1: one network steps every iteration')
        self.discriminator_steps = discriminator_steps
        self.discriminator_interval = discriminator_interval

    def generator_module(self) -> nn.Module:
        """The module the ``generator`` optimizer wrapper updates
        (``self.generator`` by default)."""
        return self.generator

    def discriminator_module(self) -> nn.Module:
        """The module the ``discriminator`` optimizer wrapper updates
        (``self.discriminator`` by default), frozen in the generator step.
        """
        return self.discriminator

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        """Run one alternating update.

        Args:
            data: A batch from the dataloader.
            optim_wrapper: Holds ``generator`` and ``discriminator`` wrappers.

        Returns:
            dict: Log variables of both updates.
        """
        if not isinstance(optim_wrapper, OptimWrapperDict) or not {
                'generator', 'discriminator'} <= set(optim_wrapper.keys()):
            raise TypeError(
                f'{type(self).__name__} needs an OptimWrapperDict with keys '
                f"'generator' and 'discriminator' (optim_wrapper config), got "
                f'{type(optim_wrapper).__name__}')
        curr_iter = current_iter()
        batch = self.preprocess_train_batch(data)
        log_vars: Dict[str, Tensor] = {}
        cache: Optional[dict] = None

        if (curr_iter + 1) % self.discriminator_steps == 0:
            wrapper = optim_wrapper['generator']
            set_requires_grad(self.discriminator_module(), False)
            with wrapper.optim_context(self.generator_module()):
                losses, cache = self.generator_losses(**batch)
            loss, g_vars = self.parse_losses(losses)
            self._check_finite(loss, g_vars, 'generator', curr_iter)
            wrapper.update_params(loss)
            set_requires_grad(self.discriminator_module(), True)
            self.after_generator_update(curr_iter)
            g_vars['loss_g'] = g_vars.pop('loss')
            log_vars.update(g_vars)

        if curr_iter % self.discriminator_interval:
            return log_vars
        wrapper = optim_wrapper['discriminator']
        with wrapper.optim_context(self.discriminator_module()):
            losses = self.discriminator_losses(cache=cache, **batch)
        loss, d_vars = self.parse_losses(losses)
        self._check_finite(loss, d_vars, 'discriminator', curr_iter)
        wrapper.update_params(loss)
        d_vars['loss_d'] = d_vars.pop('loss')
        log_vars.update(d_vars)
        return log_vars

    def preprocess_train_batch(self, data: dict) -> Dict[str, object]:
        """The keyword arguments of both loss methods for this batch.

        By default the data preprocessor's ``inputs`` and ``data_samples``.
        """
        data = self.data_preprocessor(data, True)
        return dict(inputs=data['inputs'], data_samples=data['data_samples'])

    def after_generator_update(self, curr_iter: int) -> None:
        """Hook after each generator update (EMA); nothing by default."""

    @staticmethod
    def _check_finite(loss: Tensor, log_vars: Dict[str, Tensor], which: str,
                      curr_iter: int) -> None:
        bad = (~torch.isfinite(loss.detach())).float()
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(bad)  # every rank stops, none hangs
        if bad.item() > 0:
            values = ', '.join(f'{k}={float(v):.4g}'
                               for k, v in log_vars.items())
            raise NonFiniteLossError(
                f'non-finite {which} loss at iteration {curr_iter + 1} '
                f'({values}); training stopped before this update, the last '
                'checkpoint in the work dir is the last good one. Lower the '
                'learning rate or check the data.')

