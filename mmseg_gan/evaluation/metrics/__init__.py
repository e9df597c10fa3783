from .segmentation_score import SegmentationScore
from .synthesis_fid import SynthesisFID

__all__ = ['SegmentationScore', 'SynthesisFID']
