"""Multi-scale PatchGAN on label + image (pix2pixHD / SPADE)."""
from typing import Callable, Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmseg.registry import MODELS
from torch import Tensor

from .base_discriminator import BaseGANDiscriminator


class _NLayerPatch(nn.Module):
    """One PatchGAN; returns the output of every layer."""

    def __init__(self, in_channels: int, num_layers: int, base_channels: int,
                 max_channels: int, norm_cfg: Optional[dict],
                 spectral_norm: bool, padding: int) -> None:
        super().__init__()
        act = dict(type='LeakyReLU', negative_slope=0.2)
        # as SPADE's NLayerDiscriminator: first and last conv plain
        layers = [
            ConvModule(in_channels, base_channels, 4, stride=2,
                       padding=padding, norm_cfg=None, act_cfg=act)
        ]
        channels = base_channels
        for n in range(1, num_layers):
            prev, channels = channels, min(channels * 2, max_channels)
            layers.append(
                ConvModule(prev, channels, 4,
                           stride=1 if n == num_layers - 1 else 2,
                           padding=padding,
                           norm_cfg=norm_cfg, act_cfg=act,
                           with_spectral_norm=spectral_norm))
        layers.append(nn.Conv2d(channels, 1, 4, stride=1, padding=padding))
        self.layers = nn.ModuleList(layers)

    def forward(self, x: Tensor) -> List[Tensor]:
        feats = []
        for layer in self.layers:
            x = layer(x)
            feats.append(x)
        return feats


@MODELS.register_module()
class MultiScalePatchDiscriminator(BaseGANDiscriminator):
    """Multi-scale PatchGAN conditioned on the label map.

    ``num_scales`` PatchGANs see ``concat(one-hot label, image)`` at full,
    1/2, 1/4 ... resolution. Each returns all its intermediate features, so
    the generator gets pix2pixHD's feature-matching loss besides the GAN loss.
    Each is SPADE's ``NLayerDiscriminator``: ``num_layers`` 4x4 convs, the
    last of them with stride 1, then a 4x4 conv to one channel; the first
    and last conv have no norm and no spectral norm. ``num_layers=4`` sees
    70x70 patches (SPADE's ``n_layers_D=4``, pix2pix's ``n_layers=3``,
    mmagic's ``num_conv=3``); 3 sees 34x34.

    Args:
        num_classes: Number of classes (label channels).
        in_channels: Image channels. Defaults to 3.
        num_scales: Number of discriminators / scales. Defaults to 2.
        num_layers: Strided conv layers per discriminator. Defaults to 4.
        base_channels: Width of the first layer. Defaults to 64.
        max_channels: Width cap. Defaults to 512.
        norm_cfg: Norm after each conv but the first and the last.
            Defaults to ``IN``.
        spectral_norm: Spectral normalization on the normed convs.
        gan_loss: mmagic ``GANLoss`` config. Defaults to hinge.
        feature_matching_weight: Weight of the feature-matching L1 loss
            (0 disables). Defaults to 10.
        padding: Padding of every conv: 2 (SPADE) or 1 (pix2pix, mmagic).
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int = 3,
                 num_scales: int = 2,
                 num_layers: int = 4,
                 base_channels: int = 64,
                 max_channels: int = 512,
                 norm_cfg: Optional[dict] = dict(type='IN'),
                 spectral_norm: bool = True,
                 gan_loss: dict = dict(type='GANLoss', gan_type='hinge'),
                 feature_matching_weight: float = 10.0,
                 padding: int = 2,
                 init_cfg: Optional[dict] = dict(
                     type='Xavier', layer='Conv2d', gain=0.02)) -> None:
        super().__init__(gan_loss=gan_loss, init_cfg=init_cfg)
        self.num_classes = num_classes
        self.feature_matching_weight = feature_matching_weight
        self.discriminators = nn.ModuleList([
            _NLayerPatch(num_classes + in_channels, num_layers, base_channels,
                         max_channels, norm_cfg, spectral_norm, padding)
            for _ in range(num_scales)
        ])

    def forward(self, img: Tensor, seg: Tensor) -> List[List[Tensor]]:
        """Per scale, the list of layer outputs (last = patch logits)."""
        x = torch.cat([seg.to(img.dtype), img], dim=1)
        outs = []
        for i, disc in enumerate(self.discriminators):
            if i:
                x = F.avg_pool2d(x, 3, stride=2, padding=1,
                                 count_include_pad=False)
            outs.append(disc(x))
        return outs

    def loss_generator(self,
                       real: Dict[str, Tensor],
                       fake: Dict[str, Tensor],
                       forward: Optional[Callable] = None
                       ) -> Dict[str, Tensor]:
        fm_on = self.feature_matching_weight > 0
        pred_real, pred_fake = self.generator_predictions(
            real, fake, forward, need_real=fm_on)
        losses = dict(loss_g_gan=self.adversarial_term(pred_fake, True, False))
        if fm_on:
            fm = 0.
            for feats_fake, feats_real in zip(pred_fake, pred_real):
                for f_fake, f_real in zip(feats_fake[:-1], feats_real[:-1]):
                    fm = fm + F.l1_loss(f_fake, f_real)
            losses['loss_g_fm'] = fm * self.feature_matching_weight / len(
                pred_fake)
        return losses
