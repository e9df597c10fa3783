from .base_discriminator import BaseGANDiscriminator
from .joint_dcgan_discriminator import JointDCGANDiscriminator
from .multiscale_patch import MultiScalePatchDiscriminator
from .oasis import OASISDiscriminator

__all__ = [
    'BaseGANDiscriminator', 'JointDCGANDiscriminator',
    'MultiScalePatchDiscriminator', 'OASISDiscriminator'
]
