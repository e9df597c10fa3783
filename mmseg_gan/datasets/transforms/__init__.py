from .check_label_range import CheckLabelRange, insert_label_checks
from .fov_mask import LoadFOVMask, fov_mask_path, load_fov_mask
from .label_map_augment import augment_label_map

__all__ = [
    'CheckLabelRange', 'LoadFOVMask', 'augment_label_map', 'fov_mask_path',
    'insert_label_checks', 'load_fov_mask'
]
