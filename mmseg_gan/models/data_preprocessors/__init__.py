from .seg_gan_data_preprocessor import SegGANDataPreprocessor

__all__ = ['SegGANDataPreprocessor']
