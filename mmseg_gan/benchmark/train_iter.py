"""One training setup stepped an iteration at a time, for speed ratios."""
import statistics
import time
from typing import List, Sequence

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmseg.registry import MODELS


class TrainIter:
    """A model, its optimizer wrapper(s) and its dataloader, stepped one
    training iteration at a time, so that several configurations can be
    interleaved round-robin and a slow phase of the machine hits them alike.

    Each step is timed with data loading included; on CUDA the kernels are
    synchronized before the clock is read and the step's peak memory is
    recorded.

    Args:
        name: Row name in the report.
        cfg: A full training config (``model``, ``optim_wrapper``,
            ``train_dataloader``); loaded in the main process.
        device: ``'cuda'`` or ``'cpu'``.
    """

    def __init__(self, name: str, cfg: Config, device: str = 'cpu') -> None:
        self.name = name
        self.device = device
        init_default_scope(cfg.get('default_scope', 'mmseg'))
        self.model = MODELS.build(cfg.model)
        self.model.init_weights()
        self.model.to(device).train()
        self.optim = build_optim_wrapper(self.model, cfg.optim_wrapper)
        loader_cfg = cfg.train_dataloader.copy()
        loader_cfg['persistent_workers'] = False
        loader_cfg['num_workers'] = 0  # same data path for every config
        self.loader = iter(Runner.build_dataloader(loader_cfg, seed=0))
        self.times: List[float] = []
        self.peak_mib = 0.0
        self.last_losses: dict = {}

    def step(self, record: bool) -> None:
        """Run one training iteration; ``record`` its time and memory."""
        cuda = self.device == 'cuda'
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        start = time.perf_counter()
        batch = next(self.loader)
        self.last_losses = self.model.train_step(batch, self.optim)
        if cuda:  # kernels run asynchronously
            torch.cuda.synchronize()
        if record:
            self.times.append(time.perf_counter() - start)
            if cuda:
                self.peak_mib = max(self.peak_mib,
                                    torch.cuda.max_memory_allocated() / 2**20)


def step_round_robin(runs: Sequence[TrainIter], warmup: int,
                     iters: int) -> List[float]:
    """Step every run once per round, ``warmup`` rounds unrecorded then
    ``iters`` recorded, printing the round; returns each run's median
    step time in seconds.

    Args:
        runs: The setups to compare, interleaved so that a slow phase of
            the machine hits them alike.
        warmup: Rounds not recorded (first-call costs).
        iters: Rounds recorded.

    Returns:
        list[float]: The median step time of each run, in order.
    """
    for i in range(warmup + iters):
        for run in runs:
            run.step(record=i >= warmup)
        print(f'\rround {i + 1}/{warmup + iters}', end='', flush=True)
    print()
    return [statistics.median(run.times) for run in runs]
