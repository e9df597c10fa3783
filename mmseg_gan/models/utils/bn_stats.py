"""Forward passes that leave BatchNorm running statistics as they are."""
import contextlib
from typing import Iterator

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm


@contextlib.contextmanager
def frozen_bn_stats(*modules: nn.Module) -> Iterator[None]:
    """BatchNorm layers of ``modules`` keep their running statistics.

    Inside, a training-mode forward still normalizes by the batch's own
    statistics (and back-propagates through them); only the running mean,
    variance and batch count, which inference uses, are not updated.

    Args:
        *modules: Modules whose BatchNorm layers (``SyncBatchNorm``
            included) to hold.
    """
    bns = [m for module in modules if module is not None
           for m in module.modules()
           if isinstance(m, _BatchNorm) and m.track_running_stats]
    saved = [(bn.momentum, bn.num_batches_tracked.clone()
              if bn.num_batches_tracked is not None else None) for bn in bns]
    for bn in bns:
        bn.momentum = 0.0  # running = running * 1 + batch * 0
    try:
        yield
    finally:
        for bn, (momentum, tracked) in zip(bns, saved):
            bn.momentum = momentum
            if tracked is not None:
                bn.num_batches_tracked.copy_(tracked)
