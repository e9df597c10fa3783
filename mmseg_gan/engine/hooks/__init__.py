from .atomic_checkpoint_hook import (
    AtomicCheckpointHook,
    use_atomic_checkpoints,
)
from .ema_bn_recalibration_hook import EMABNRecalibrationHook
from .finite_check_hook import FiniteCheckHook, NonFiniteError
from .input_size_check_hook import InputSizeCheckHook
from .num_classes_check_hook import NumClassesCheckHook
from .rng_state_hook import RNGStateHook
from .synthesis_visualization_hook import SynthesisVisualizationHook

__all__ = [
    'AtomicCheckpointHook', 'EMABNRecalibrationHook', 'FiniteCheckHook',
    'InputSizeCheckHook', 'NonFiniteError', 'NumClassesCheckHook',
    'RNGStateHook', 'SynthesisVisualizationHook', 'use_atomic_checkpoints'
]
