from .camvid import CamVidDataset
from .demo_cityscapes import draw_scene, generate_demo_cityscapes
from .gan_augmented import GANAugmentedDataset
from .held_out import HeldOutSegDataset
from .samplers import SyntheticRatioSampler
from .semi_supervised import SemiSupervisedSegDataset, label_free_pipeline
from .synthetic_dataset import SyntheticSegDataset, read_manifest
from .synthetic_manifest import file_sha256
from .transforms import augment_label_map

__all__ = [
    'CamVidDataset', 'GANAugmentedDataset', 'HeldOutSegDataset',
    'SemiSupervisedSegDataset',
    'SyntheticRatioSampler', 'SyntheticSegDataset', 'label_free_pipeline',
    'augment_label_map', 'draw_scene', 'file_sha256',
    'generate_demo_cityscapes', 'read_manifest'
]
