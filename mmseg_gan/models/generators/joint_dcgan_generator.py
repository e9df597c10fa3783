"""Unconditional joint generator: noise -> (image, label map), DCGAN-style."""
from typing import Dict, Optional

import torch
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import build_mmagic_module


@MODELS.register_module()
class JointDCGANGenerator(BaseModule):
    """Noise -> image and label map together, for label-free augmentation.

    mmagic's ``DCGANGenerator`` (transposed convolutions + BatchNorm + ReLU)
    produces ``3 + num_classes`` channels: the first three through ``tanh``
    are the image, the rest through ``softmax`` is the soft label map whose
    argmax is the synthetic annotation.

    Args:
        num_classes: Number of semantic classes.
        output_scale: Output side length (a power of two, square output).
        noise_size: Length of the noise vector. Defaults to 100.
        base_channels: Channels at the 4x4 input feature. Defaults to 512.
        out_channels: Image channels. Defaults to 3.
    """
    conditional = False

    def __init__(self,
                 num_classes: int,
                 output_scale: int = 64,
                 noise_size: int = 100,
                 base_channels: int = 512,
                 out_channels: int = 3) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.noise_size = noise_size
        self.out_channels = out_channels
        self.dcgan = build_mmagic_module(
            dict(
                type='mmagic.DCGANGenerator',
                output_scale=output_scale,
                out_channels=out_channels + num_classes,
                base_channels=base_channels,
                noise_size=noise_size,
                out_act_cfg=None))

    def forward(self,
                noise: Optional[Tensor] = None,
                num_batches: int = 1) -> Dict[str, Tensor]:
        """Generate image / label-map pairs.

        Args:
            noise: ``(N, noise_size)``; sampled when ``None``.
            num_batches: Samples to draw when ``noise`` is ``None``.

        Returns:
            dict: ``img`` ``(N, 3, S, S)`` in ``[-1, 1]`` and ``seg``
            ``(N, num_classes, S, S)`` class probabilities.
        """
        if noise is None:
            noise = torch.randn(num_batches, self.noise_size,
                                device=next(self.parameters()).device)
        out = self.dcgan(noise)
        img, logits = out.split([self.out_channels, self.num_classes], dim=1)
        return dict(img=torch.tanh(img), seg=torch.softmax(logits, dim=1))
