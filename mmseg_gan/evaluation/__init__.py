from .metrics import (
    SegmentationScore,
    SynthesisFID,
    VesselMetric,
    average_precision,
    roc_auc,
)
from .sample_diversity import sample_diversity

__all__ = [
    'SegmentationScore', 'SynthesisFID', 'VesselMetric', 'average_precision',
    'roc_auc', 'sample_diversity'
]
