from .base_discriminator import BaseGANDiscriminator
from .class_map_discriminator import ClassMapDiscriminator
from .fc_pixel import FCPixelDiscriminator
from .image_label import ImageLabelDiscriminator
from .joint_dcgan_discriminator import JointDCGANDiscriminator
from .multiscale_patch import MultiScalePatchDiscriminator
from .oasis import OASISDiscriminator

__all__ = [
    'BaseGANDiscriminator', 'ClassMapDiscriminator', 'FCPixelDiscriminator',
    'ImageLabelDiscriminator', 'JointDCGANDiscriminator',
    'MultiScalePatchDiscriminator', 'OASISDiscriminator'
]
