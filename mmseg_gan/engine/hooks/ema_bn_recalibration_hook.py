"""Recompute the EMA generator's BatchNorm statistics before it is used."""
from collections import deque
from typing import Optional

from mmengine.hooks import CheckpointHook, Hook
from mmseg.registry import HOOKS

from ...utils import unwrap
from .synthesis_visualization_hook import SynthesisVisualizationHook


@HOOKS.register_module()
class EMABNRecalibrationHook(Hook):
    """Before a checkpoint or a sample grid, give the EMA generator
    BatchNorm statistics of its own weights (OASIS' ``update_EMA``).

    The hook keeps the training batches since its last recalibration (the
    last ``num_batches`` of them) and, at the iterations where the
    ``CheckpointHook`` saves or the :class:`SynthesisVisualizationHook`
    renders (and at the last one), has the model render them with its EMA
    generator in train mode (:meth:`BaseSynthesisGAN.recalibrate_ema_bn`),
    then forgets them. OASIS renders the next 51 batches of its loader; the
    last 51 batches seen are draws of the same loader. As every checkpoint
    is written right after a recalibration, a resumed run recalibrates on
    the same batches as an uninterrupted one. It runs before both hooks of
    the same iteration, so saved checkpoints, sample grids and everything
    that renders from a checkpoint (``tools/synthesize.py``, online
    GAN-aug, seg-score, FID) use the recomputed statistics. Models without
    an EMA, or generators without BatchNorm, are left as they are.

    Args:
        num_batches: Training batches rendered per recalibration.
            Defaults to 51 (OASIS).
        interval: Recalibrate every this many iterations instead of at
            the checkpoint and sample-grid iterations. Defaults to None.
    """
    priority = 'ABOVE_NORMAL'

    def __init__(self, num_batches: int = 51,
                 interval: Optional[int] = None) -> None:
        if not isinstance(num_batches, int) or num_batches < 1:
            raise ValueError('EMABNRecalibrationHook: num_batches must be '
                             f'an int >= 1, got {num_batches!r}')
        self.num_batches = num_batches
        self.interval = interval
        self._batches: deque = deque(maxlen=num_batches)

    def _due(self, runner) -> bool:
        if self.is_last_train_iter(runner):
            return True
        if self.interval is not None:
            return self.every_n_train_iters(runner, self.interval)
        for hook in runner.hooks:
            if isinstance(hook, CheckpointHook) and not hook.by_epoch:
                if self.every_n_train_iters(runner, hook.interval):
                    return True
            if isinstance(hook, SynthesisVisualizationHook) and \
                    self.every_n_train_iters(runner, hook.interval):
                return True
        return False

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if data_batch is not None:
            self._batches.append(data_batch)
        model = unwrap(runner.model)
        if self._due(runner) and hasattr(model, 'recalibrate_ema_bn'):
            count = model.recalibrate_ema_bn(list(self._batches))
            self._batches.clear()
            if count:
                runner.logger.info(
                    f'EMA generator BatchNorm statistics recomputed on '
                    f'{count} training batches')
