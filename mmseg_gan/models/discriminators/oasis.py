"""OASIS segmentation discriminator (Schönfeld et al., ICLR 2021)."""
from typing import Callable, Dict, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

from .base_discriminator import BaseGANDiscriminator


def _sn_conv(cin: int, cout: int, k: int) -> nn.Module:
    return nn.utils.spectral_norm(nn.Conv2d(cin, cout, k, padding=k // 2))


class _ResBlockD(nn.Module):
    """OASIS' residual block; ``mode`` is ``'down'`` or ``'up'``."""

    def __init__(self, cin: int, cout: int, mode: str,
                 first: bool = False) -> None:
        super().__init__()
        self.mode, self.first = mode, first
        act = nn.LeakyReLU(0.2)
        conv1 = [_sn_conv(cin, cout, 3)]
        if not first:
            conv1 = [act] + ([nn.Upsample(scale_factor=2)]
                             if mode == 'up' else []) + conv1
        self.conv1 = nn.Sequential(*conv1)
        self.conv2 = nn.Sequential(nn.LeakyReLU(0.2), _sn_conv(cout, cout, 3))
        self.conv_s = _sn_conv(cin, cout, 1) if cin != cout else None

    def _shortcut(self, x: Tensor) -> Tensor:
        if self.mode == 'up':
            x = F.interpolate(x, scale_factor=2)
        if self.first and self.mode == 'down':
            x = F.avg_pool2d(x, 2)
        if self.conv_s is not None:
            x = self.conv_s(x)
        if not self.first and self.mode == 'down':
            x = F.avg_pool2d(x, 2)
        return x

    def forward(self, x: Tensor) -> Tensor:
        dx = self.conv2(self.conv1(x))
        if self.mode == 'down':
            dx = F.avg_pool2d(dx, 2)
        return self._shortcut(x) + dx


@MODELS.register_module()
class OASISDiscriminator(BaseGANDiscriminator):
    """U-Net discriminator that segments: N classes + one "fake" class.

    For real images the target is the label map, for generated ones every
    pixel is "fake"; the generator is trained to make its images segment into
    the label map they came from. As in OASIS, the real term and the
    generator's use the class-balanced cross-entropy (weights inverse to
    class frequency in the batch; ignored pixels weigh 0) and the fake term
    the plain mean over every pixel. The label map is not an input:
    ``forward(img, seg)`` ignores ``seg``. LabelMix regularises the
    discriminator: real and fake are mixed along random class regions, and
    its output on the mix must match the same mix of its outputs.

    Args:
        num_classes: Number of classes ``N`` (output has ``N + 1``).
        in_channels: Image channels. Defaults to 3.
        base_channels: Width unit. Defaults to 64.
        channel_multipliers: Encoder widths (one downsampling each);
            the decoder mirrors them with skip connections.
        labelmix_weight: Weight of the LabelMix loss (0 disables). OASIS:
            10 (ADE20K, COCO), 5 (Cityscapes).
        class_balance: Class-balanced cross-entropy. Defaults to True.
        ignore_index: Ignored label value. Defaults to 255.
        labelmix_per_image: Draw LabelMix's coin per class and image; by
            default one coin per class for the whole batch, as OASIS
            (``models.generate_labelmix``).
        init_cfg: mmengine init config.

    The last decoder block has ``base_channels`` outputs and the
    classifier is a 1x1 conv from them (OASIS: 64).
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 channel_multipliers: Sequence[int] = (2, 2, 4, 4, 8, 8),
                 labelmix_weight: float = 10.0,
                 class_balance: bool = True,
                 ignore_index: int = 255,
                 labelmix_per_image: bool = False,
                 init_cfg: Optional[dict] = dict(
                     type='Xavier', layer='Conv2d', gain=0.02)) -> None:
        super().__init__(gan_loss=None, init_cfg=init_cfg)
        self.num_classes = num_classes
        self.labelmix_per_image = labelmix_per_image
        self.labelmix_weight = labelmix_weight
        self.class_balance = class_balance
        self.ignore_index = ignore_index
        widths = [base_channels * m for m in channel_multipliers]
        depth = len(widths)
        self.down = nn.ModuleList([
            _ResBlockD(in_channels if i == 0 else widths[i - 1], widths[i],
                       'down', first=i == 0) for i in range(depth)
        ])
        # decoder: block k maps to the width of the encoder block it meets
        # next (skip connection), the last one to base_channels
        outs = [widths[depth - 2 - k] for k in range(depth - 1)]
        outs.append(base_channels)
        up = [_ResBlockD(widths[-1], outs[0], 'up')]
        for k in range(1, depth):
            up.append(_ResBlockD(2 * widths[depth - 1 - k], outs[k], 'up'))
        self.up = nn.ModuleList(up)
        self.out = nn.Conv2d(base_channels, num_classes + 1, 1)

    def forward(self, img: Tensor, seg: Optional[Tensor] = None) -> Tensor:
        """Per-pixel logits ``(N, num_classes + 1, H, W)``."""
        h, w = img.shape[2:]
        factor = 2**len(self.down)
        if h % factor or w % factor:
            raise ValueError(
                f'OASISDiscriminator: image size {h}x{w} must be divisible '
                f'by {factor} (2 ** len(channel_multipliers)); use fewer '
                'channel_multipliers or another crop')
        feats, x = [], img
        for block in self.down:
            x = block(x)
            feats.append(x)
        x = self.up[0](x)
        for k in range(1, len(self.up)):
            x = self.up[k](torch.cat([feats[-1 - k], x], dim=1))
        return self.out(x)

    def _class_weights(self, label: Tensor) -> Tensor:
        """Per-pixel weights; 0 on ignored pixels."""
        valid = label != self.ignore_index
        if not self.class_balance:
            return valid.float()
        safe = torch.where(valid, label, torch.zeros_like(label))
        counts = torch.bincount(
            safe[valid], minlength=self.num_classes).float()
        present = (counts > 0).sum().clamp(min=1)
        # OASIS (losses.get_class_balancing): all pixels, ignored included
        coeff = label.numel() / (present * counts.clamp(min=1))
        return coeff[safe] * valid.float()

    def _balanced_ce(self, logits: Tensor, label: Tensor,
                     target: Tensor) -> Tensor:
        weights = self._class_weights(label)
        ce = F.cross_entropy(logits, target, reduction='none')
        return (ce * weights).sum() / weights.numel()

    def _semantic_target(self, label: Tensor) -> Tensor:
        return torch.where(label == self.ignore_index,
                           torch.zeros_like(label), label)

    def loss_discriminator(self,
                           real: Dict[str, Tensor],
                           fake: Dict[str, Tensor],
                           forward: Optional[Callable] = None
                           ) -> Dict[str, Tensor]:
        forward = forward or self
        out_real, out_fake = self.forward_pair(real, fake, forward)
        # as in OASIS, only the real term is class-balanced: every pixel of
        # a generated image (ignored ones too) should segment as "fake"
        fake_target = torch.full_like(fake['label'], self.num_classes)
        losses = dict(
            loss_d_real=self._balanced_ce(out_real, real['label'],
                                          self._semantic_target(
                                              real['label'])),
            loss_d_fake=F.cross_entropy(out_fake, fake_target))
        if self.labelmix_weight > 0 and fake['img'].shape == real[
                'img'].shape and torch.equal(fake['label'], real['label']):
            mask = self._labelmix_mask(real['label'])
            mixed = mask * real['img'] + (1 - mask) * fake['img']
            target = mask * out_real + (1 - mask) * out_fake
            losses['loss_d_labelmix'] = self.labelmix_weight * F.mse_loss(
                forward(mixed, real['seg']), target)
        return losses

    def loss_generator(self,
                       real: Dict[str, Tensor],
                       fake: Dict[str, Tensor],
                       forward: Optional[Callable] = None
                       ) -> Dict[str, Tensor]:
        _, out_fake = self.generator_predictions(real, fake, forward)
        return dict(
            loss_g_gan=self._balanced_ce(out_fake, fake['label'],
                                         self._semantic_target(
                                             fake['label'])))

    def _labelmix_mask(self, label: Tensor) -> Tensor:
        """1 where a class region takes the real image: a fair coin per
        class (ignored pixels have one too), per batch or per image."""
        idx = torch.where(label == self.ignore_index,
                          torch.full_like(label, self.num_classes),
                          label).long().flatten(1)
        rows = label.shape[0] if self.labelmix_per_image else 1
        coin = torch.randint(0, 2, (rows, self.num_classes + 1),
                             device=label.device).float()
        coin = coin.expand(label.shape[0], -1)
        return torch.gather(coin, 1, idx).view_as(label).unsqueeze(1)
