"""Label-map augmentation: new layouts for synthesis, not re-rendered copies.

Works on numpy label maps before a generator renders them, so that the
synthetic set contains scenes the real set does not: flips, rotation, zoom
and shift, elastic deformation, and object instances of rare classes pasted
from other label maps.
"""
from typing import Optional, Sequence

import cv2
import numpy as np


def _paste_instances(label: np.ndarray, donor: np.ndarray,
                     rare_classes: Sequence[int], rng: np.random.Generator,
                     max_instances: int) -> np.ndarray:
    """Copy connected components of rare classes from ``donor``."""
    out = label.copy()
    h, w = label.shape
    candidates = []
    for cls in rare_classes:
        mask = (donor == cls).astype(np.uint8)
        if not mask.any():
            continue
        num, comp = cv2.connectedComponents(mask)
        candidates += [(comp == k) for k in range(1, num)
                       if (comp == k).sum() >= 16]
    if not candidates:
        return out
    picks = rng.choice(len(candidates),
                       size=min(max_instances, len(candidates)),
                       replace=False)
    for p in picks:
        inst = candidates[int(p)]
        ys, xs = np.nonzero(inst)
        dy = int(rng.integers(-ys.min(), h - ys.max()))
        dx = int(rng.integers(-xs.min(), w - xs.max()))
        out[ys + dy, xs + dx] = donor[ys, xs]
    return out


def _elastic(label: np.ndarray, rng: np.random.Generator,
             displacement: float, sigma: float,
             ignore_index: int) -> np.ndarray:
    """Shift every pixel along a smooth random field (nearest labels)."""
    h, w = label.shape
    fields = []
    for _ in range(2):
        f = cv2.GaussianBlur(rng.uniform(-1, 1, (h, w)).astype(np.float32),
                             (0, 0), sigma)
        fields.append(f * (displacement / max(float(np.abs(f).max()), 1e-6)))
    ys, xs = np.mgrid[:h, :w].astype(np.float32)
    return cv2.remap(label, xs + fields[0], ys + fields[1],
                     interpolation=cv2.INTER_NEAREST,
                     borderMode=cv2.BORDER_CONSTANT,
                     borderValue=int(ignore_index))


def augment_label_map(label: np.ndarray,
                      rng: np.random.Generator,
                      donor: Optional[np.ndarray] = None,
                      rare_classes: Sequence[int] = (),
                      flip_prob: float = 0.5,
                      scale_range: Sequence[float] = (1.0, 1.5),
                      paste_prob: float = 0.5,
                      max_instances: int = 3,
                      ignore_index: int = 255,
                      vflip_prob: float = 0.0,
                      max_rotate_degree: float = 0.0,
                      elastic_displacement: float = 0.0,
                      elastic_sigma: float = 32.0) -> np.ndarray:
    """Make a new label-map layout from ``label``.

    Args:
        label: ``(H, W)`` class-index map.
        rng: Random generator (seed it per output for reproducibility).
        donor: Another label map to take rare-class instances from.
        rare_classes: Classes whose instances are pasted.
        flip_prob: Probability of a horizontal flip.
        scale_range: Zoom factor range; >1 zooms in on a random window.
        paste_prob: Probability of pasting instances from ``donor``.
        max_instances: Most instances pasted.
        ignore_index: The ignored label (kept as is; it also fills what
            rotation and deformation bring in from outside the map).
        vflip_prob: Probability of a vertical flip (maps with no upright,
            such as vessel trees).
        max_rotate_degree: Rotation by an angle drawn from
            ``[-max, max]`` degrees (0: none).
        elastic_displacement: Largest shift of the elastic deformation in
            pixels (0: none): a random field of shifts, smoothed with a
            Gaussian of ``elastic_sigma`` pixels (Simard et al. 2003).
        elastic_sigma: Smoothness of that field in pixels.

    The random draws of an option happen only when it is on, so the maps
    made without the later options are unchanged by their existence.

    Returns:
        np.ndarray: A new ``(H, W)`` label map of the same dtype.
    """
    h, w = label.shape
    out = label
    if rng.random() < flip_prob:
        out = out[:, ::-1]
    if vflip_prob > 0 and rng.random() < vflip_prob:
        out = out[::-1]
    if max_rotate_degree > 0:
        angle = float(rng.uniform(-max_rotate_degree, max_rotate_degree))
        rot = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)
        out = cv2.warpAffine(
            np.ascontiguousarray(out), rot, (w, h), flags=cv2.INTER_NEAREST,
            borderMode=cv2.BORDER_CONSTANT, borderValue=int(ignore_index))
    scale = float(rng.uniform(*scale_range))
    if scale > 1.0:
        ch, cw = max(1, int(round(h / scale))), max(1, int(round(w / scale)))
        y0 = int(rng.integers(0, h - ch + 1))
        x0 = int(rng.integers(0, w - cw + 1))
        out = cv2.resize(
            np.ascontiguousarray(out[y0:y0 + ch, x0:x0 + cw]), (w, h),
            interpolation=cv2.INTER_NEAREST)
    out = np.ascontiguousarray(out)
    if elastic_displacement > 0:
        out = _elastic(out, rng, elastic_displacement, elastic_sigma,
                       ignore_index)
    if donor is not None and rare_classes and rng.random() < paste_prob:
        out = _paste_instances(out, donor, rare_classes, rng, max_instances)
    return out.astype(label.dtype)
