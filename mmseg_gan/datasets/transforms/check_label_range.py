"""Stop at load time on a label value the segmentor cannot learn."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.config import Config
from mmseg.registry import TRANSFORMS

from ...utils.config_type import is_type
from ...utils.config_walk import walk_config


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


def insert_label_checks(cfg: Config) -> int:
    """Add :class:`CheckLabelRange` after every ``LoadAnnotations`` of the
    training pipelines, with the segmentor's ``num_classes``.

    Args:
        cfg: The full config, modified in place.

    Returns:
        int: The number of pipelines changed (0 when the model has no
        ``num_classes`` to check against).
    """
    model = cfg.get('model') or {}
    head = model.get('decode_head') or {}
    if isinstance(head, (list, tuple)):  # cascade heads share the classes
        head = head[-1]
    num_classes = head.get('num_classes') or model.get('num_classes')
    if not num_classes or not cfg.get('train_dataloader'):
        return 0
    check = dict(type='CheckLabelRange', num_classes=num_classes,
                 ignore_index=head.get('ignore_index', 255))
    changed = 0
    for _, container, key in list(walk_config(cfg.train_dataloader)):
        steps = container[key]
        if key != 'pipeline' or not isinstance(steps, list):
            continue
        types = [t.get('type') if isinstance(t, dict) else None
                 for t in steps]
        if any(is_type(t, CheckLabelRange, TRANSFORMS, subclass=True)
               for t in types):
            continue
        for i in reversed(range(len(steps))):
            # mmseg's LoadAnnotations and any other subclass of mmcv's
            if is_type(types[i], 'mmcv.LoadAnnotations', TRANSFORMS,
                       subclass=True):
                steps.insert(i + 1, dict(check))
                changed += 1
    return changed
