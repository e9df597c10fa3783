"""FreeMask-style filtering of unreliable synthetic pixels."""
from typing import Callable

import numpy as np
import torch


def make_loss_filter(segmentor, tolerance: float = 1.5,
                     ignore_index: int = 255) -> Callable:
    """FreeMask-style filter of unreliable synthetic pixels.

    A reference segmentor segments each synthetic image; pixels whose
    cross-entropy against the synthetic label exceeds ``tolerance`` times
    the mean loss of their class in that image become ``ignore_index``.

    Args:
        segmentor: An mmseg segmentor (``mmseg.apis.init_model``).
        tolerance: Multiple of the class-wise mean loss that is kept.
        ignore_index: Value written for filtered pixels.

    Returns:
        callable: ``(images_bgr, labels) -> filtered labels``.
    """
    from mmseg.apis import inference_model

    def filter_fn(imgs: np.ndarray, labels: np.ndarray) -> np.ndarray:
        preds = inference_model(segmentor, [np.ascontiguousarray(i)
                                            for i in imgs])
        out = labels.copy()
        for k, pred in enumerate(preds):
            logits = pred.seg_logits.data.float().cpu()  # (C, H, W)
            lbl = torch.from_numpy(labels[k].astype(np.int64))
            valid = lbl != ignore_index
            safe = torch.where(valid, lbl, torch.zeros_like(lbl))
            loss = torch.logsumexp(logits, 0) - logits.gather(
                0, safe[None])[0]
            keep = torch.ones_like(valid)
            for c in safe[valid].unique():
                m = valid & (safe == c)
                keep[m] = loss[m] <= tolerance * loss[m].mean()
            out[k][(~keep & valid).numpy()] = ignore_index
        return out

    return filter_fn
