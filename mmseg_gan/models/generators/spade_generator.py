"""SPADE generator (Park et al., CVPR 2019), the generator of OASIS too."""
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import concat_spatial_noise, maybe_spectral_norm


class SPADE(nn.Module):
    """Spatially-adaptive normalization.

    A parameter-free normalization whose per-pixel scale and shift are
    predicted from the (resized) label map.

    Args:
        num_features: Channels of the normalized feature map.
        label_channels: Channels of the conditioning map.
        hidden_channels: Channels of the shared conditioning conv.
        norm_cfg: Parameter-free norm (``affine=False`` is forced).
    """

    def __init__(self,
                 num_features: int,
                 label_channels: int,
                 hidden_channels: int = 128,
                 norm_cfg: dict = dict(type='BN')) -> None:
        super().__init__()
        norm_cfg = dict(norm_cfg, affine=False)
        if norm_cfg['type'] == 'IN':
            norm_cfg.pop('affine')  # InstanceNorm2d has no affine by default
        self.param_free_norm = build_norm_layer(norm_cfg, num_features)[1]
        self.shared = nn.Sequential(
            nn.Conv2d(label_channels, hidden_channels, 3, padding=1),
            nn.ReLU(inplace=True))
        self.gamma = nn.Conv2d(hidden_channels, num_features, 3, padding=1)
        self.beta = nn.Conv2d(hidden_channels, num_features, 3, padding=1)

    def forward(self, x: Tensor, seg: Tensor) -> Tensor:
        normalized = self.param_free_norm(x)
        seg = F.interpolate(seg, size=x.shape[2:], mode='nearest')
        actv = self.shared(seg)
        return normalized * (1 + self.gamma(actv)) + self.beta(actv)


class SPADEResBlock(nn.Module):
    """Residual block with SPADE normalization (SPADE's ``SPADEResnetBlock``).

    Args:
        in_channels: Input channels.
        out_channels: Output channels.
        label_channels: Channels of the conditioning map.
        hidden_channels: Hidden channels of each SPADE layer.
        norm_cfg: Parameter-free norm of the SPADE layers.
        spectral_norm: Apply spectral normalization to the convolutions.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 label_channels: int,
                 hidden_channels: int = 128,
                 norm_cfg: dict = dict(type='BN'),
                 spectral_norm: bool = True) -> None:
        super().__init__()
        mid = min(in_channels, out_channels)
        self.learned_shortcut = in_channels != out_channels
        self.conv_0 = maybe_spectral_norm(
            nn.Conv2d(in_channels, mid, 3, padding=1), spectral_norm)
        self.conv_1 = maybe_spectral_norm(
            nn.Conv2d(mid, out_channels, 3, padding=1), spectral_norm)
        self.norm_0 = SPADE(in_channels, label_channels, hidden_channels,
                            norm_cfg)
        self.norm_1 = SPADE(mid, label_channels, hidden_channels, norm_cfg)
        if self.learned_shortcut:
            self.conv_s = maybe_spectral_norm(
                nn.Conv2d(in_channels, out_channels, 1, bias=False),
                spectral_norm)
            self.norm_s = SPADE(in_channels, label_channels, hidden_channels,
                                norm_cfg)

    def forward(self, x: Tensor, seg: Tensor) -> Tensor:
        shortcut = self.conv_s(self.norm_s(x, seg)) \
            if self.learned_shortcut else x
        dx = self.conv_0(F.leaky_relu(self.norm_0(x, seg), 0.2))
        dx = self.conv_1(F.leaky_relu(self.norm_1(dx, seg), 0.2))
        return shortcut + dx


@MODELS.register_module()
class SPADEGenerator(BaseModule):
    """SPADE generator: one-hot label map (+ noise) -> image in [-1, 1].

    The label map is downsampled ``2 ** num_upsamples`` times and convolved
    into the first feature map (the SPADE variant without an image
    encoder). SPADE residual blocks follow, each followed by a 2x nearest
    upsampling where ``upsample_after`` says; by default every block but
    the last, so that the last block runs at the image resolution, as in
    OASIS (6 blocks, 5 upsamplings) and SPADE. SPADE's ``normal`` layout
    (``head_0``, two ``G_middle`` blocks at the same size, ``up_0`` ...
    ``up_3``) is ``channel_multipliers=(16, 16, 16, 16, 8, 4, 2, 1)`` with
    ``upsample_after=(True, False, True, True, True, True, False)``.

    With ``noise_channels > 0`` a per-sample noise vector is broadcast over
    the image and concatenated to the label map (OASIS' 3D noise), so one
    label map yields different images; SPADE without its VAE takes none
    (``noise_channels=0``).

    Args:
        num_classes: Number of semantic classes (one-hot channels).
        out_channels: Image channels. Defaults to 3.
        base_channels: Width ``nf``; block ``i`` maps
            ``channel_multipliers[i] * nf`` to
            ``channel_multipliers[i + 1] * nf`` channels. Defaults to 64.
        channel_multipliers: Widths from the coarsest to the finest block
            (``len - 1`` blocks). Defaults to OASIS' six blocks.
        noise_channels: Length of the noise vector (0 disables noise).
        hidden_channels: Hidden channels of the SPADE layers.
        norm_cfg: Parameter-free norm inside SPADE (``BN``, ``SyncBN``,
            ``IN``).
        spectral_norm: Spectral normalization on the block convolutions.
        upsample_after: Per block, whether a 2x upsampling follows it;
            None: every block but the last (OASIS, SPADE ``more`` without
            its extra middle block). ``(True,) * num_blocks`` is this
            class's earlier layout, whose last block ran at half the image
            resolution and whose image was one conv on its upsampled
            output.
        init_cfg: mmengine init config.
    """
    conditional = True

    def __init__(self,
                 num_classes: int,
                 out_channels: int = 3,
                 base_channels: int = 64,
                 channel_multipliers: Sequence[int] = (16, 16, 16, 8, 4, 2,
                                                       1),
                 noise_channels: int = 64,
                 hidden_channels: int = 128,
                 norm_cfg: dict = dict(type='BN'),
                 spectral_norm: bool = True,
                 upsample_after: Optional[Sequence[bool]] = None,
                 init_cfg: Optional[dict] = dict(
                     type='Xavier', layer='Conv2d', gain=0.02)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.noise_channels = noise_channels
        num_blocks = len(channel_multipliers) - 1
        if num_blocks < 1:
            raise ValueError('SPADEGenerator: channel_multipliers needs at '
                             f'least 2 widths, got {channel_multipliers}')
        if upsample_after is None:
            upsample_after = [True] * (num_blocks - 1) + [False]
        if len(upsample_after) != num_blocks:
            raise ValueError(
                f'SPADEGenerator: upsample_after has {len(upsample_after)} '
                f'entries for {num_blocks} blocks (one per block, '
                f'len(channel_multipliers) - 1)')
        self.upsample_after = [bool(u) for u in upsample_after]
        self.num_upsamples = sum(self.upsample_after)
        label_channels = num_classes + noise_channels
        widths = [m * base_channels for m in channel_multipliers]
        self.fc = nn.Conv2d(label_channels, widths[0], 3, padding=1)
        self.blocks = nn.ModuleList([
            SPADEResBlock(widths[i], widths[i + 1], label_channels,
                          hidden_channels, norm_cfg, spectral_norm)
            for i in range(num_blocks)
        ])
        self.conv_img = nn.Conv2d(widths[-1], out_channels, 3, padding=1)

    def forward(self, seg: Tensor, noise: Optional[Tensor] = None) -> Tensor:
        """Generate images.

        Args:
            seg: ``(N, num_classes, H, W)`` one-hot label map; ``H`` and
                ``W`` divisible by ``2 ** num_upsamples``.
            noise: ``(N, noise_channels)``; sampled when ``None``.

        Returns:
            Tensor: ``(N, out_channels, H, W)`` images in ``[-1, 1]``.
        """
        h, w = seg.shape[2:]
        factor = 2**self.num_upsamples
        if h % factor or w % factor:
            raise ValueError(
                f'SPADEGenerator: label map size {h}x{w} must be divisible by '
                f'{factor} (2 ** {self.num_upsamples} upsamplings)')
        seg = concat_spatial_noise(seg, noise, self.noise_channels)
        x = F.interpolate(seg, size=(h // factor, w // factor),
                          mode='nearest')
        x = self.fc(x)
        for block, up in zip(self.blocks, self.upsample_after):
            x = block(x, seg)
            if up:
                x = F.interpolate(x, scale_factor=2, mode='nearest')
        return torch.tanh(self.conv_img(F.leaky_relu(x, 0.2)))
