"""New label-map layouts for a batch, on the fly, before rendering."""
from typing import Optional

import cv2
import numpy as np
import torch
from torch import Tensor

from ...datasets.transforms.label_map_augment import augment_label_map


def rotate_label_map(label: np.ndarray, degrees: float,
                     ignore_index: int = 255) -> np.ndarray:
    """Rotate a label map about its centre (nearest neighbour); pixels
    rotated in from outside are ``ignore_index``."""
    h, w = label.shape
    matrix = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), degrees, 1)
    return cv2.warpAffine(
        np.ascontiguousarray(label), matrix, (w, h),
        flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT,
        borderValue=int(ignore_index))


def augment_label_batch(labels: Tensor,
                        rng: np.random.Generator,
                        ignore_index: int = 255,
                        rotate_prob: float = 0.0,
                        max_rotate_degree: float = 0.0,
                        **kwargs) -> Tensor:
    """:func:`augment_label_map` on every map of a batch, plus rotations.

    Each map takes the next one in the batch as its ``donor`` of
    rare-class instances. A rotation (vessel trees, aerial scenes: layouts
    without an upright) by a uniform angle in
    ``[-max_rotate_degree, max_rotate_degree]`` follows with probability
    ``rotate_prob``; corners rotated in are ignored.

    Args:
        labels: ``(N, H, W)`` integer label maps (any device).
        rng: Random generator of this batch.
        ignore_index: The ignored label.
        rotate_prob: Probability of a rotation.
        max_rotate_degree: Largest rotation angle.
        **kwargs: :func:`augment_label_map` arguments (``flip_prob``,
            ``scale_range``, ``paste_prob``, ``max_instances``,
            ``rare_classes``).

    Returns:
        Tensor: New ``(N, H, W)`` maps, same dtype and device.
    """
    if labels.min() < 0 or labels.max() > 255:
        raise ValueError('label maps to augment must hold values in '
                         f'[0, 255] (label PNGs), got [{int(labels.min())}, '
                         f'{int(labels.max())}]')
    maps = labels.cpu().numpy().astype(np.uint8)  # what cv2 warps
    out = []
    for i, label in enumerate(maps):
        donor: Optional[np.ndarray] = maps[(i + 1) % len(maps)] \
            if len(maps) > 1 else None
        new = augment_label_map(label, rng, donor=donor,
                                ignore_index=ignore_index, **kwargs)
        if rotate_prob > 0 and rng.random() < rotate_prob:
            new = rotate_label_map(
                new, float(rng.uniform(-max_rotate_degree,
                                       max_rotate_degree)), ignore_index)
        out.append(new)
    return torch.from_numpy(np.stack(out)).to(labels.device, labels.dtype)
