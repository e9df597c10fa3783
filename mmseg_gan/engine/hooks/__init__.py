from .num_classes_check_hook import NumClassesCheckHook
from .rng_state_hook import RNGStateHook
from .synthesis_visualization_hook import SynthesisVisualizationHook

__all__ = [
    'NumClassesCheckHook', 'RNGStateHook', 'SynthesisVisualizationHook'
]
