from .plain_segmentor import to_plain_segmentor_checkpoint
from .synthesize import load_label_source, make_loss_filter, synthesize_dataset
from .synthesizer import load_synthesizer

__all__ = [
    'load_label_source', 'load_synthesizer', 'make_loss_filter',
    'synthesize_dataset', 'to_plain_segmentor_checkpoint'
]
