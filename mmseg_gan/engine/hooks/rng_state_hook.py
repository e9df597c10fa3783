"""Save and restore random number generator states with checkpoints."""
import random
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Make ``--resume`` continue the random streams, not restart them.

    mmengine re-seeds on resume, so a resumed GAN draws other noise than an
    uninterrupted run would and its losses diverge. This hook stores the
    Python, numpy, torch (and CUDA) generator states in every checkpoint and
    restores them right before the first iteration after resuming (after the
    train loop has skipped the already-seen batches). Data workers are seeded
    by mmengine per worker, so with ``num_workers >= 1`` a resumed run
    reproduces an uninterrupted one exactly. Validation leaves the training
    streams as it found them.
    """
    priority = 'VERY_LOW'

    def __init__(self) -> None:
        self._pending: Optional[dict] = None
        self._before_val: Optional[dict] = None

    @staticmethod
    def _state() -> dict:
        state = dict(
            python=random.getstate(),
            numpy=np.random.get_state(),
            torch=torch.get_rng_state())
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            state['cuda'] = torch.cuda.get_rng_state_all()
        return state

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['rng_state'] = self._state()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._pending = checkpoint.get('rng_state')

    @staticmethod
    def _restore(state: dict) -> None:
        random.setstate(state['python'])
        np.random.set_state(state['numpy'])
        torch.set_rng_state(state['torch'])
        if 'cuda' in state and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state['cuda'])

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        if self._pending is None:
            return
        state, self._pending = self._pending, None
        self._restore(state)

    # Validation draws from the global generators too (every DataLoader
    # iterator takes a base seed); keep it out of the training stream so a
    # run validated at iteration k continues like one resumed from k.
    def before_val(self, runner) -> None:
        self._before_val = self._state()

    def after_val(self, runner) -> None:
        state = self._before_val
        if state is not None:
            self._before_val = None
            self._restore(state)
