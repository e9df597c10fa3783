from .label_map_augment import augment_label_map

__all__ = ['augment_label_map']
