"""DCGAN discriminator on (image, label map) pairs."""
from typing import Optional

import torch
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import build_mmagic_module
from .base_discriminator import BaseGANDiscriminator


@MODELS.register_module()
class JointDCGANDiscriminator(BaseGANDiscriminator):
    """mmagic's ``DCGANDiscriminator`` on ``concat(image, label map)``.

    Judges the pairs of :class:`JointDCGANGenerator` (soft label maps)
    against real pairs (one-hot label maps) with the BCE losses of DCGAN.

    Args:
        num_classes: Number of classes.
        input_scale: Input side length (square).
        in_channels: Image channels. Defaults to 3.
        base_channels: Width of the first layer. Defaults to 64.
        gan_loss: mmagic ``GANLoss``; DCGAN's BCE is ``vanilla``.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 num_classes: int,
                 input_scale: int = 64,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 gan_loss: dict = dict(type='GANLoss', gan_type='vanilla'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(gan_loss=gan_loss, init_cfg=init_cfg)
        self.num_classes = num_classes
        self.dcgan = build_mmagic_module(
            dict(
                type='DCGANDiscriminator',
                input_scale=input_scale,
                output_scale=4,
                out_channels=1,
                in_channels=in_channels + num_classes,
                base_channels=base_channels))

    def forward(self, img: Tensor, seg: Tensor) -> Tensor:
        """Logits ``(N, 1)``."""
        return self.dcgan(torch.cat([img, seg.to(img.dtype)], dim=1))
