from .camvid import CamVidDataset
from .demo_cityscapes import draw_scene, generate_demo_cityscapes
from .gan_augmented import GANAugmentedDataset, check_gan_aug_setup
from .held_out import HeldOutSegDataset
from .samplers import SyntheticRatioBatchSampler, check_ratio_schedule
from .semi_supervised import SemiSupervisedSegDataset, label_free_pipeline
from .synthetic_dataset import SyntheticSegDataset
from .synthetic_folder import (
    SynthesisSettingsError,
    file_sha256,
    read_manifest,
    write_preview,
)
from .transforms import augment_label_map, insert_label_checks

__all__ = [
    'CamVidDataset', 'GANAugmentedDataset', 'HeldOutSegDataset',
    'SemiSupervisedSegDataset', 'SynthesisSettingsError',
    'SyntheticRatioBatchSampler', 'SyntheticSegDataset', 'augment_label_map',
    'check_gan_aug_setup', 'check_ratio_schedule', 'draw_scene',
    'file_sha256', 'generate_demo_cityscapes', 'insert_label_checks',
    'label_free_pipeline', 'read_manifest', 'write_preview'
]
