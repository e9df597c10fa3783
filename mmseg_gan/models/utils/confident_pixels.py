"""Which unlabeled pixels the semi-supervised mode self-trains on."""
from typing import Optional

import torch
from torch import Tensor


def _top_share(conf: Tensor, share: float) -> Tensor:
    """The ``share`` of ``conf`` (1-D) that is highest, as a mask."""
    k = max(1, int(round(conf.numel() * share)))
    return conf >= conf.kthvalue(conf.numel() - k + 1).values


def select_confident(conf: Tensor,
                     pred: Tensor,
                     share: Optional[float] = None,
                     threshold: float = 0.2,
                     class_balanced: bool = False) -> Tensor:
    """Mask of the pixels whose pseudo-label is trusted.

    Args:
        conf: ``(N, H, W)`` confidence (the discriminator's probability
            that the prediction is real).
        pred: ``(N, H, W)`` the pseudo-labels (argmax of the prediction).
        share: Keep the ``share`` of pixels with the highest confidence
            (ties kept); None: keep those above ``threshold``.
        threshold: The absolute cut when ``share`` is None: pixels at or
            above it are kept (Hung et al.: ``D_out >= mask_T``).
        class_balanced: Rank within each pseudo-label class, so every
            predicted class keeps ``share`` of its pixels (class-balanced
            self-training, Zou et al. 2018), instead of the classes the
            confidence favours taking most of the share.

    Returns:
        Tensor: ``(N, H, W)`` bool mask.
    """
    if share is None:
        if class_balanced:
            raise ValueError('class_balanced selection needs a share '
                             '(semi_cfg.confident_share), not a threshold')
        return conf >= threshold
    if not class_balanced:
        return _top_share(conf.flatten(), share).view_as(conf)
    keep = torch.zeros_like(conf, dtype=torch.bool)
    for c in pred.unique():
        in_c = pred == c
        keep[in_c] = _top_share(conf[in_c], share)
    return keep
