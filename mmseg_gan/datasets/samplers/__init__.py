from .synthetic_ratio_sampler import SyntheticRatioSampler

__all__ = ['SyntheticRatioSampler']
