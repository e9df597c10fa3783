from .segmentation_score import SegmentationScore
from .synthesis_fid import SynthesisFID
from .vessel_metric import VesselMetric, average_precision, roc_auc

__all__ = [
    'SegmentationScore', 'SynthesisFID', 'VesselMetric', 'average_precision',
    'roc_auc'
]
