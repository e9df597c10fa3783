"""Stop a diverging run before it updates or saves non-finite weights."""
import math
import os.path as osp
from typing import Dict, Optional

import torch
from mmengine.hooks import Hook
from mmengine.optim import OptimWrapperDict
from mmseg.registry import HOOKS

from ...utils import unwrap


class NonFiniteError(FloatingPointError):
    """Training met a NaN / Inf gradient or exploded weights."""


@HOOKS.register_module()
class FiniteCheckHook(Hook):
    """Stop training at the first non-finite gradient, before the update,
    and never write a checkpoint whose weights are not finite.

    Any model, any optimizer: before every optimizer step (a
    ``torch.optim`` step pre-hook on each optimizer of the run) the
    gradients are checked; a NaN or Inf (a diverging loss) raises
    :class:`NonFiniteError` naming the parameter and the iteration, so the
    weights stay as they were and the last checkpoint written stays the
    last good one (``max_keep_ckpts`` cannot prune it for a bad one). With
    AMP the gradient scaler skips such steps itself and the hook sees none.
    Before a checkpoint is saved, every floating-point weight and buffer
    must be finite and below ``max_abs`` in magnitude (a GAN whose losses
    stay finite while its weights run away), or the save is refused the
    same way. ``tools/train.py`` adds this hook to every run.

    Args:
        max_abs: The largest weight magnitude a checkpoint may hold.
            Defaults to 1e20.
    """
    priority = 'VERY_HIGH'

    def __init__(self, max_abs: float = 1e20) -> None:
        self.max_abs = max_abs
        self._handles: list = []
        self._names: Dict[int, str] = {}
        self._runner = None

    def _where(self) -> str:
        runner = self._runner
        last = osp.join(runner.work_dir, 'last_checkpoint')
        kept = ''
        if osp.isfile(last):
            with open(last) as f:
                kept = f' ({osp.basename(f.read().strip())})'
        return (f'at iteration {runner.iter + 1}; training stopped, the last '
                f'checkpoint in {runner.work_dir}{kept} is the last good '
                'one. Lower the learning rate or check the data')

    def _check_grads(self, optimizer, *args, **kwargs) -> None:
        for group in optimizer.param_groups:
            for param in group['params']:
                grad = param.grad
                if grad is not None and not torch.isfinite(grad).all():
                    name = self._names.get(id(param), 'a parameter')
                    raise NonFiniteError(
                        f'non-finite gradient of {name} {self._where()}')

    def before_train(self, runner) -> None:
        self._runner = runner
        self._names = {id(p): n for n, p in
                       unwrap(runner.model).named_parameters()}
        wrappers = runner.optim_wrapper.values() if isinstance(
            runner.optim_wrapper, OptimWrapperDict) else [
                runner.optim_wrapper]
        for wrapper in wrappers:
            self._handles.append(
                wrapper.optimizer.register_step_pre_hook(self._check_grads))

    def after_train(self, runner) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    def before_save_checkpoint(self, runner,
                               checkpoint: Optional[dict]) -> None:
        if self._runner is None or not checkpoint:
            return
        for name, value in checkpoint.get('state_dict', {}).items():
            if not torch.is_tensor(value) or not value.is_floating_point() \
                    or value.numel() == 0:
                continue
            peak = float(value.detach().abs().max())
            if not math.isfinite(peak) or peak > self.max_abs:
                raise NonFiniteError(
                    f'checkpoint not saved: {name} holds |w| = {peak:.3g} '
                    f'(limit {self.max_abs:.3g}) {self._where()}')
