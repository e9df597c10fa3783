from .joint_dcgan_generator import JointDCGANGenerator
from .pix2pix_generator import Pix2PixUnetGenerator
from .spade_generator import SPADEGenerator

__all__ = ['JointDCGANGenerator', 'Pix2PixUnetGenerator', 'SPADEGenerator']
