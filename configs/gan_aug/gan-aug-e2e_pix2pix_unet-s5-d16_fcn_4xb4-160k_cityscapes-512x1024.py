# End-to-end GAN-aug (EndToEndGANAug) with mmseg's Cityscapes UNet as is:
# the usage example of the mode for any mmseg segmentor config. The
# segmentor (its pipeline, SGD, poly schedule, 160k iterations) trains on
# real crops plus pix2pix pairs rendered from their label maps in the same
# iteration; the generator also follows the task term from iteration 16000.
# The held-out images are carved from the labelled training set (GenSeg:
# 8 of 40), e.g. 20% of it, the rest trains (data/cityscapes/splits/):
#   python tools/dataset_converters/make_labeled_split.py \
#       configs/cgan/cgan_unet-s5-d16_fcn_4xb4-160k_cityscapes-512x1024.py \
#       --fraction 0.2 --seed 0 --out data/cityscapes/splits/e2e_heldout.txt
#   find data/cityscapes/leftImg8bit/train -name '*_leftImg8bit.png' \
#       | sed 's#.*/train/##; s#_leftImg8bit.png$##' | LC_ALL=C sort \
#       | LC_ALL=C comm -23 - <(LC_ALL=C sort \
#           data/cityscapes/splits/e2e_heldout.txt) \
#       > data/cityscapes/splits/e2e_train.txt
# Inference and tools/test.py are the segmentor's.
_base_ = 'mmseg::unet/unet-s5-d16_fcn_4xb4-160k_cityscapes-512x1024.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
num_classes = 19
model = dict(
    _delete_=True,
    type='EndToEndGANAug',
    segmentor={{_base_.model}},
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    # pix2pix (configs/_base_/models/pix2pix.py) for 512x1024 crops
    generator=dict(
        type='Pix2PixUnetGenerator',
        num_classes=num_classes,
        num_down=8,
        base_channels=64),
    discriminator=dict(
        type='MultiScalePatchDiscriminator',
        num_classes=num_classes,
        num_scales=1,
        num_layers=4,
        padding=1,
        base_channels=64,
        norm_cfg=dict(type='BN'),
        spectral_norm=False,
        gan_loss=dict(type='GANLoss', gan_type='vanilla'),
        feature_matching_weight=0.0),
    l1_loss_weight=100.0,
    reuse_fake=True,
    task_loss_weight=1.0,
    task_start_iter=16000,
    label_augment=dict(flip_prob=0.5, scale_range=(1.0, 1.5)))
labelled = dict(
    type='CityscapesDataset',
    data_root={{_base_.data_root}},
    data_prefix=dict(
        img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
    pipeline={{_base_.train_pipeline}})
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='HeldOutSegDataset',
        # relative to data_root, as mmseg's ann_file
        train=dict(labelled, ann_file='splits/e2e_train.txt'),
        held_out=dict(labelled, ann_file='splits/e2e_heldout.txt')))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    segmentor={{_base_.optim_wrapper}})
param_scheduler = dict(
    _delete_=True,
    generator=[],
    discriminator=[],
    segmentor={{_base_.param_scheduler}})
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)
randomness = dict(seed=0)
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='SynthesisVisualizationHook', interval=16000),
]
