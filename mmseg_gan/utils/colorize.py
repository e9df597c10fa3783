"""Class-index maps as colour images."""
from typing import Optional, Sequence

import numpy as np


def colorize_labels(labels: np.ndarray,
                    palette: Optional[Sequence] = None) -> np.ndarray:
    """``(H, W)`` class indices -> ``(H, W, 3)`` RGB; ignore is black.

    Args:
        labels: Integer label map.
        palette: One RGB triple per class; None or empty: a fixed
            generated palette.

    Returns:
        np.ndarray: ``uint8`` colour image.
    """
    if not palette:
        palette = [[c * 37 % 256, c * 91 % 256, c * 53 % 256]
                   for c in range(255)]
    lut = np.zeros((256, 3), np.uint8)
    lut[:len(palette)] = np.asarray(palette, np.uint8)
    return lut[labels.astype(np.int64).clip(0, 255)]
