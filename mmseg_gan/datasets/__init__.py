from .camvid import CamVidDataset
from .demo_cityscapes import draw_scene, generate_demo_cityscapes
from .gan_augmented import GANAugmentedDataset
from .samplers import SyntheticRatioSampler
from .semi_supervised import SemiSupervisedSegDataset, label_free_pipeline
from .synthetic_dataset import SyntheticSegDataset
from .synthetic_folder import (
    SynthesisSettingsError,
    file_sha256,
    read_manifest,
    write_preview,
)
from .transforms import augment_label_map

__all__ = [
    'CamVidDataset', 'GANAugmentedDataset', 'SemiSupervisedSegDataset',
    'SynthesisSettingsError', 'SyntheticRatioSampler', 'SyntheticSegDataset',
    'augment_label_map', 'draw_scene', 'file_sha256',
    'generate_demo_cityscapes', 'label_free_pipeline', 'read_manifest',
    'write_preview'
]
