from .online_synthesis_data_preprocessor import OnlineSynthesisDataPreprocessor
from .seg_gan_data_preprocessor import SegGANDataPreprocessor

__all__ = ['OnlineSynthesisDataPreprocessor', 'SegGANDataPreprocessor']
