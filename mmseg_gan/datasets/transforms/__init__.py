from .check_label_range import CheckLabelRange
from .label_map_augment import augment_label_map

__all__ = ['CheckLabelRange', 'augment_label_map']
