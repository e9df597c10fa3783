"""Batches whose synthetic share follows a schedule."""
import logging
from typing import Iterator, List, Sequence

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dist import get_dist_info, sync_random_seed
from mmengine.logging import print_log
from mmseg.registry import DATA_SAMPLERS
from torch.utils.data import BatchSampler, Sampler

from ...utils.config_type import is_type


@DATA_SAMPLERS.register_module()
class SyntheticRatioBatchSampler(BatchSampler):
    """Draw batches from a :class:`GANAugmentedDataset` at a scheduled
    synthetic share.

    The wrapper lists the sources: its ``is_synthetic(i)`` says which
    indices are real and which synthetic (its own fixed ``synthetic_ratio``
    is the share of a plain sampler). This batch sampler owns the share
    when it moves over training, e.g. half synthetic at the start decaying
    to real only at the end (``ratio=(0.5, 0.0)``), or synthetic
    pre-training followed by real fine-tuning (``schedule='step'``). Real
    and synthetic indices are each drawn from their own reshuffled cycle,
    and the number of synthetic samples in the first ``n`` is exactly the
    running sum of the schedule (no coin flips), so the share per iteration
    is what the config says.

    Configured as ``train_dataloader.batch_sampler``; mmengine's
    ``Runner.build_dataloader`` passes the dataloader's ``batch_size`` and
    the ``sampler`` it built from ``train_dataloader.sampler``, so the
    batch size is never written twice. The sampler's own order is not used:
    it gives the dataset and the seed (the run's seed, which mmengine hands
    to every sampler), so ``sampler`` stays the base config's
    ``InfiniteSampler``. Iteration ``k`` is the ``k``-th batch, so the
    stream is a pure function of the seed: resuming (mmengine replays the
    dataloader up to the resumed iteration) continues it exactly. Each DDP
    rank draws its own stream (seed + rank) with its own per-GPU batch size.

    Args:
        sampler: The sampler mmengine built; gives ``dataset`` (a
            :class:`GANAugmentedDataset` with synthetic slots) and ``seed``
            (drawn and synchronised across ranks when it has none).
        batch_size: The per-GPU batch size of the dataloader.
        ratio: Synthetic share ``(at begin, at end)``.
        end: Iteration at which the share reaches ``ratio[1]``; it stays
            there afterwards.
        begin: Iteration at which the schedule starts moving.
        schedule: ``'linear'`` (interpolate between begin and end) or
            ``'step'`` (``ratio[0]`` before ``end``, ``ratio[1]`` from it).
    """

    def __init__(self,
                 sampler: Sampler,
                 batch_size: int,
                 ratio: Sequence[float] = (0.5, 0.0),
                 end: int = 1000,
                 begin: int = 0,
                 schedule: str = 'linear') -> None:
        name = type(self).__name__
        dataset = getattr(sampler, 'dataset', None)
        if not hasattr(dataset, 'is_synthetic'):
            raise TypeError(f'{name} needs a GANAugmentedDataset, got '
                            f'{type(dataset).__name__}')
        if len(ratio) != 2 or not all(0 <= r <= 1 for r in ratio):
            raise ValueError(f'{name}: ratio must be two shares in [0, 1], '
                             f'got {ratio!r}')
        if schedule not in ('linear', 'step'):
            raise ValueError(f"{name}: schedule must be 'linear' or 'step', "
                             f'got {schedule!r}')
        if not isinstance(batch_size, int) or batch_size < 1 or \
                not 0 <= begin < end:
            raise ValueError(
                f'{name}: need batch_size >= 1 and 0 <= begin < end, got '
                f'batch_size={batch_size}, begin={begin}, end={end}')
        super().__init__(sampler, batch_size, drop_last=False)
        self.dataset = dataset
        self.ratio = tuple(float(r) for r in ratio)
        self.begin, self.end, self.schedule = begin, end, schedule
        rank, _ = get_dist_info()
        seed = getattr(sampler, 'seed', None)
        self.seed = (sync_random_seed() if seed is None else seed) + rank
        flags = np.array([dataset.is_synthetic(i)
                          for i in range(len(dataset))])
        self.real_indices = np.flatnonzero(~flags)
        self.synthetic_indices = np.flatnonzero(flags)
        if len(self.real_indices) == 0 or (len(self.synthetic_indices) == 0
                                           and max(self.ratio) > 0):
            raise ValueError(
                f'{name}: the dataset has {len(self.real_indices)} real '
                f'and {len(self.synthetic_indices)} synthetic indices; '
                'both are needed (give the wrapper a synthetic_ratio > 0)')

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

    def __iter__(self) -> Iterator[List[int]]:
        generator = torch.Generator()
        generator.manual_seed(self.seed)
        real = self._cycle(self.real_indices, generator)
        synthetic = self._cycle(self.synthetic_indices, generator) \
            if len(self.synthetic_indices) else None
        owed, iteration = 0.0, 0
        while True:
            share = self.ratio_at(iteration)
            batch = []
            for _ in range(self.batch_size):
                owed += share
                if owed >= 1 - 1e-9:
                    owed -= 1
                    batch.append(next(synthetic))
                else:
                    batch.append(next(real))
            yield batch
            iteration += 1

    def __len__(self) -> int:
        """Batches per pass of the dataset (the stream itself is endless)."""
        return -(-len(self.dataset) // self.batch_size)


def check_ratio_schedule(cfg: Config) -> None:
    """Warn when the training config's :class:`SyntheticRatioBatchSampler`
    ends its schedule after ``train_cfg.max_iters``: the synthetic share
    would never reach its final value.

    Args:
        cfg: The full config.
    """
    loader = cfg.get('train_dataloader') or {}
    batch_sampler = loader.get('batch_sampler') or {}
    max_iters = (cfg.get('train_cfg') or {}).get('max_iters')
    if not max_iters or not is_type(batch_sampler.get('type'),
                                    SyntheticRatioBatchSampler,
                                    DATA_SAMPLERS, subclass=True):
        return
    end = batch_sampler.get('end', 1000)
    if end > max_iters:
        print_log(
            f'train_dataloader.batch_sampler.end is {end} but '
            f'train_cfg.max_iters is {max_iters}: the synthetic share '
            'stops short of its final value; set --cfg-options '
            f'train_dataloader.batch_sampler.end={max_iters}',
            logger='current', level=logging.WARNING)
