"""An infinite sampler whose synthetic share follows a schedule."""
from typing import Iterator, Optional, Sequence

import numpy as np
import torch
from mmengine.dist import get_dist_info, sync_random_seed
from mmseg.registry import DATA_SAMPLERS
from torch.utils.data import Sampler


@DATA_SAMPLERS.register_module()
class SyntheticRatioSampler(Sampler):
    """Draw from a :class:`GANAugmentedDataset` at a scheduled synthetic share.

    The wrapper's own ``synthetic_ratio`` fixes which indices are real and
    which synthetic; this sampler replaces that fixed share with one that
    moves over training, e.g. half synthetic at the start decaying to real
    only at the end (``ratio=(0.5, 0.0)``), or synthetic pre-training followed
    by real fine-tuning (``schedule='step'``). Real and synthetic indices are
    each drawn from their own reshuffled cycle, and the number of synthetic
    samples in the first ``n`` is exactly the running sum of the schedule
    (no coin flips), so the share per iteration is what the config says.

    The iteration a sample belongs to is its position divided by
    ``batch_size``, so the stream is a pure function of the seed: resuming
    (mmengine replays the dataloader up to the resumed iteration) continues
    it exactly. Each DDP rank draws its own stream (seed + rank) with its own
    per-GPU ``batch_size``.

    Args:
        dataset: A :class:`GANAugmentedDataset` with synthetic slots.
        batch_size: The per-GPU batch size of the dataloader.
        ratio: Synthetic share ``(at begin, at end)``.
        end: Iteration at which the share reaches ``ratio[1]``; it stays
            there afterwards.
        begin: Iteration at which the schedule starts moving.
        schedule: ``'linear'`` (interpolate between begin and end) or
            ``'step'`` (``ratio[0]`` before ``end``, ``ratio[1]`` from it).
        seed: Random seed (mmengine passes the run's seed).
    """

    def __init__(self,
                 dataset,
                 batch_size: int,
                 ratio: Sequence[float] = (0.5, 0.0),
                 end: int = 1000,
                 begin: int = 0,
                 schedule: str = 'linear',
                 seed: Optional[int] = None) -> None:
        if not hasattr(dataset, 'is_synthetic'):
            raise TypeError(
                'SyntheticRatioSampler needs a GANAugmentedDataset, got '
                f'{type(dataset).__name__}')
        if len(ratio) != 2 or not all(0 <= r <= 1 for r in ratio):
            raise ValueError('SyntheticRatioSampler: ratio must be two '
                             f'shares in [0, 1], got {ratio!r}')
        if schedule not in ('linear', 'step'):
            raise ValueError('SyntheticRatioSampler: schedule must be '
                             f"'linear' or 'step', got {schedule!r}")
        if batch_size < 1 or not 0 <= begin < end:
            raise ValueError(
                'SyntheticRatioSampler: need batch_size >= 1 and '
                f'0 <= begin < end, got batch_size={batch_size}, '
                f'begin={begin}, end={end}')
        self.dataset = dataset
        self.batch_size = batch_size
        self.ratio = tuple(float(r) for r in ratio)
        self.begin, self.end, self.schedule = begin, end, schedule
        rank, _ = get_dist_info()
        self.seed = (sync_random_seed() if seed is None else seed) + rank
        flags = np.array([dataset.is_synthetic(i)
                          for i in range(len(dataset))])
        self.real_indices = np.flatnonzero(~flags)
        self.synthetic_indices = np.flatnonzero(flags)
        if len(self.real_indices) == 0 or (len(self.synthetic_indices) == 0
                                           and max(self.ratio) > 0):
            raise ValueError(
                'SyntheticRatioSampler: the dataset has '
                f'{len(self.real_indices)} real and '
                f'{len(self.synthetic_indices)} synthetic indices; both '
                'are needed (give the wrapper a synthetic_ratio > 0)')

    def ratio_at(self, iteration: int) -> float:
        """The synthetic share at ``iteration``."""
        start, stop = self.ratio
        if self.schedule == 'step':
            return start if iteration < self.end else stop
        if iteration <= self.begin:
            return start
        if iteration >= self.end:
            return stop
        frac = (iteration - self.begin) / (self.end - self.begin)
        return start + (stop - start) * frac

    @staticmethod
    def _cycle(indices: np.ndarray,
               generator: torch.Generator) -> Iterator[int]:
        while True:
            for i in torch.randperm(len(indices), generator=generator):
                yield int(indices[i])

    def __iter__(self) -> Iterator[int]:
        generator = torch.Generator()
        generator.manual_seed(self.seed)
        real = self._cycle(self.real_indices, generator)
        synthetic = self._cycle(self.synthetic_indices, generator) \
            if len(self.synthetic_indices) else None
        owed, position = 0.0, 0
        while True:
            owed += self.ratio_at(position // self.batch_size)
            if owed >= 1 - 1e-9:
                owed -= 1
                yield next(synthetic)
            else:
                yield next(real)
            position += 1

    def __len__(self) -> int:
        return len(self.dataset)

    def set_epoch(self, epoch: int) -> None:
        """Not used: the stream is infinite and depends on the seed only."""
