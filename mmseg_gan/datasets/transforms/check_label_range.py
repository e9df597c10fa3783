"""Stop at load time on a label value the segmentor cannot learn."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class CheckLabelRange(BaseTransform):
    """Raise if ``gt_seg_map`` holds a value outside ``0..num_classes-1``.

    Placed right after ``LoadAnnotations`` (after ``reduce_zero_label`` and
    ``label_map``), so the whole map is checked before a random crop can
    hide the bad pixels; ``tools/train.py`` inserts it into every training
    pipeline. Without it a bad label fails late with ``IndexError: Target 50
    is out of bounds`` naming no file, a device-side assert on a GPU, or
    not at all.

    Required keys: ``gt_seg_map``; optional ``seg_map_path`` (for the
    message).

    Args:
        num_classes: Number of classes of the segmentor.
        ignore_index: The label value that is not a class.
    """

    def __init__(self, num_classes: int, ignore_index: int = 255) -> None:
        if num_classes < 1:
            raise ValueError(f'num_classes must be >= 1, got {num_classes}')
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def transform(self, results: dict) -> dict:
        """Check ``results['gt_seg_map']``; returns ``results`` unchanged."""
        seg = results.get('gt_seg_map')
        if seg is None:
            return results
        classes = seg[seg != self.ignore_index]
        if classes.size == 0 or (classes.min() >= 0
                                 and classes.max() < self.num_classes):
            return results
        values = np.unique(classes)
        bad = values[(values < 0) | (values >= self.num_classes)]
        if bad.size:
            name = results.get('seg_map_path') or 'a label map'
            raise ValueError(
                f'label map {name} holds value(s) '
                f'{", ".join(str(int(v)) for v in bad[:5])}: expected '
                f'0..{self.num_classes - 1} (num_classes) or '
                f'{self.ignore_index} (ignore_index)')
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index})')
