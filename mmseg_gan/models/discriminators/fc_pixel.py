"""Fully-convolutional per-pixel discriminator on label maps (Hung et al.)."""
from typing import Optional

import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import maybe_spectral_norm
from .class_map_discriminator import ClassMapDiscriminator


@MODELS.register_module()
class FCPixelDiscriminator(ClassMapDiscriminator):
    """Hung et al. (BMVC 2018): is each pixel's class map from the ground
    truth (one-hot) or from the segmentor (softmax)?

    Four 4x4 stride-2 convolutions (64-128-256-512, LeakyReLU 0.2), a 4x4
    stride-2 classifier, and the confidence map upsampled to the input size.
    The image is not an input (``forward(img, seg)`` ignores it).

    Args:
        num_classes: Input channels (the decode head's classes).
        base_channels: Width of the first layer. Defaults to 64.
        spectral_norm: Spectral normalization on every conv (Miyato et
            al. 2018), a way to keep the discriminator from winning.
            Hung et al. use none. Defaults to False.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 num_classes: int,
                 base_channels: int = 64,
                 spectral_norm: bool = False,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer='Conv2d', std=0.02)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        chans = [num_classes] + [base_channels * m for m in (1, 2, 4, 8)]
        layers = []
        for cin, cout in zip(chans[:-1], chans[1:]):
            layers += [
                maybe_spectral_norm(nn.Conv2d(cin, cout, 4, 2, 1),
                                    spectral_norm),
                nn.LeakyReLU(0.2)
            ]
        layers.append(
            maybe_spectral_norm(nn.Conv2d(chans[-1], 1, 4, 2, 1),
                                spectral_norm))
        self.net = nn.Sequential(*layers)

    def forward(self, img: Optional[Tensor], seg: Tensor) -> Tensor:
        """Per-pixel real/fake logits ``(N, 1, H, W)`` for ``seg``."""
        out = self.net(seg)
        return F.interpolate(
            out, size=seg.shape[2:], mode='bilinear', align_corners=False)
