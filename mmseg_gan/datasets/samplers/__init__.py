from .synthetic_ratio_batch_sampler import (
    SyntheticRatioBatchSampler,
    check_ratio_schedule,
)

__all__ = ['SyntheticRatioBatchSampler', 'check_ratio_schedule']
