"""Orderly end of a distributed run."""
import torch.distributed as dist


def destroy_process_group() -> None:
    """Wait for every rank, then destroy the default process group.

    mmengine leaves the group to interpreter exit. There, gloo's threads
    can be torn down while still joinable, and a rank aborts with
    ``terminate called without an active exception`` (exit code -6) after
    a finished run, so ``torchrun`` reports the whole job as failed. A no-op
    outside distributed runs.
    """
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
