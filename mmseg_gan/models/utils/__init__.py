from .bn_stats import frozen_bn_stats
from .confident_pixels import select_confident
from .label_utils import (
                          check_label_range,
                          concat_spatial_noise,
                          labels_to_onehot,
)
from .mmagic_builder import build_mmagic_module
from .spectral_norm import maybe_spectral_norm
from .training_iter import current_iter

__all__ = [
    'build_mmagic_module', 'check_label_range', 'concat_spatial_noise',
    'current_iter', 'frozen_bn_stats',
    'labels_to_onehot', 'maybe_spectral_norm', 'select_confident'
]
