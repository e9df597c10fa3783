"""pix2pix U-Net generator on one-hot label maps (mmagic's UnetGenerator)."""
from typing import Optional

import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import build_mmagic_module, concat_spatial_noise


@MODELS.register_module()
class Pix2PixUnetGenerator(BaseModule):
    """pix2pix U-Net (Isola et al., CVPR 2017) from one-hot labels.

    Wraps mmagic's ``UnetGenerator`` (built under the mmagic scope). Diversity
    comes from dropout, kept on at test time as in pix2pix ("noise only in
    the form of dropout, applied ... at both training and test time"), and
    optionally from a noise vector broadcast over the image and
    concatenated to the label map. With test-time dropout the generator
    draws from torch's global RNG at inference (:attr:`stochastic`); seed
    it, e.g. through ``SemanticSynthesisGAN.render(..., seed=...)``, for
    reproducible images.

    Args:
        num_classes: Number of semantic classes (one-hot channels).
        out_channels: Image channels. Defaults to 3.
        num_down: Downsamplings (at least 5, mmagic's U-Net). Inputs of
            other sizes than multiples of ``2 ** num_down`` are padded
            (replicating the border labels) and the images cropped back,
            so any size works. Defaults to 7.
        base_channels: Width of the first layer. Defaults to 64.
        norm_cfg: Norm of the U-Net. Defaults to ``BN``.
        use_dropout: Dropout in the innermost blocks. Defaults to True.
        test_dropout: Keep that dropout on in eval mode (pix2pix's noise;
            without it every rendering of a label map is identical).
            Defaults to True.
        noise_channels: Length of an optional noise vector. Defaults to 0.
    """
    conditional = True

    def __init__(self,
                 num_classes: int,
                 out_channels: int = 3,
                 num_down: int = 7,
                 base_channels: int = 64,
                 norm_cfg: dict = dict(type='BN'),
                 use_dropout: bool = True,
                 test_dropout: bool = True,
                 noise_channels: int = 0) -> None:
        super().__init__()
        self.num_classes = num_classes
        #: draws random numbers at inference (test-time dropout)
        self.stochastic = use_dropout and test_dropout
        self.noise_channels = noise_channels
        self.num_down = num_down
        self.unet = build_mmagic_module(
            dict(
                type='mmagic.UnetGenerator',
                in_channels=num_classes + noise_channels,
                out_channels=out_channels,
                num_down=num_down,
                base_channels=base_channels,
                norm_cfg=norm_cfg,
                use_dropout=use_dropout))

    def train(self, mode: bool = True) -> 'Pix2PixUnetGenerator':
        """Set the mode; dropout stays on when :attr:`stochastic`."""
        super().train(mode)
        if self.stochastic:
            for m in self.modules():
                if isinstance(m, nn.Dropout):
                    m.train(True)
        return self

    def forward(self, seg: Tensor, noise: Optional[Tensor] = None) -> Tensor:
        """Generate images.

        Args:
            seg: ``(N, num_classes, H, W)`` one-hot label map.
            noise: ``(N, noise_channels)``; sampled when ``None``.

        Returns:
            Tensor: ``(N, out_channels, H, W)`` images in ``[-1, 1]``.
        """
        h, w = seg.shape[2:]
        factor = 2**self.num_down
        pad_h, pad_w = -h % factor, -w % factor
        top, left = pad_h // 2, pad_w // 2
        x = concat_spatial_noise(seg, noise, self.noise_channels)
        if pad_h or pad_w:  # onto the U-Net's grid, cropped back below
            x = F.pad(x, (left, pad_w - left, top, pad_h - top),
                      mode='replicate')
        return self.unet(x)[..., top:top + h, left:left + w]
