"""Label-map helpers shared by the synthesis GAN and the cGAN segmentor."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor


def labels_to_onehot(labels: Tensor,
                     num_classes: int,
                     ignore_index: int = 255) -> Tensor:
    """One-hot encode a label map; ignored pixels get an all-zero vector.

    Args:
        labels: ``(N, H, W)`` integer label map.
        num_classes: Number of classes ``C``.
        ignore_index: Label value that is not a class.

    Returns:
        Tensor: ``(N, C, H, W)`` float one-hot map.
    """
    labels = labels.long()
    valid = labels != ignore_index
    safe = torch.where(valid, labels, torch.zeros_like(labels))
    onehot = F.one_hot(safe, num_classes).permute(0, 3, 1, 2).float()
    return onehot * valid.unsqueeze(1).float()


def check_label_range(labels: Tensor,
                      num_classes: int,
                      ignore_index: int = 255,
                      files: Optional[Sequence[str]] = None) -> None:
    """Raise if a label value is neither a class index nor ``ignore_index``.

    Args:
        labels: ``(N, H, W)`` label map.
        num_classes: Number of classes.
        ignore_index: The ignored label value.
        files: The label file of each sample, for the message.

    Raises:
        ValueError: Naming the file and the offending value.
    """
    bad = (labels >= num_classes) & (labels != ignore_index) | (labels < 0)
    if not bool(bad.any()):
        return
    idx = int(bad.flatten(1).any(1).nonzero()[0])
    value = int(labels[idx][bad[idx]][0])
    name = files[idx] if files and files[idx] else f'sample {idx}'
    raise ValueError(
        f'label value {value} in {name} is out of range: expected 0..'
        f'{num_classes - 1} or ignore_index {ignore_index} '
        f'(num_classes={num_classes})')


def concat_spatial_noise(seg: Tensor, noise: Optional[Tensor],
                         noise_channels: int) -> Tensor:
    """Append a per-sample noise vector, broadcast over the image, to ``seg``.

    Args:
        seg: ``(N, C, H, W)`` conditioning map.
        noise: ``(N, noise_channels)`` noise; sampled from N(0, 1) if None.
        noise_channels: Noise length; 0 returns ``seg`` unchanged.

    Returns:
        Tensor: ``(N, C + noise_channels, H, W)``.
    """
    if not noise_channels:
        return seg
    n, _, h, w = seg.shape
    if noise is None:
        noise = torch.randn(n, noise_channels, device=seg.device)
    if tuple(noise.shape) != (n, noise_channels):
        raise ValueError(f'noise must have shape ({n}, {noise_channels}), '
                         f'got {tuple(noise.shape)}')
    noise = noise.to(seg.dtype)[:, :, None, None].expand(-1, -1, h, w)
    return torch.cat([seg, noise], dim=1)
