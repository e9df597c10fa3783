"""What a user calls from Python: load a synthesizer, synthesize a folder,
convert a cGAN checkpoint into a plain segmentor's."""
from ..models.gans.synthesizer_loading import load_synthesizer
from .dataset_writer import synthesize_dataset
from .label_source import (
    describe_label_reduction,
    label_reduction,
    load_label_source,
)
from .loss_filter import make_loss_filter
from .plain_segmentor import to_plain_segmentor_checkpoint
from .synthesis import SynthesisResult, synthesize_folder

__all__ = [
    'SynthesisResult', 'describe_label_reduction', 'label_reduction',
    'load_label_source', 'load_synthesizer', 'make_loss_filter',
    'synthesize_dataset', 'synthesize_folder',
    'to_plain_segmentor_checkpoint'
]
