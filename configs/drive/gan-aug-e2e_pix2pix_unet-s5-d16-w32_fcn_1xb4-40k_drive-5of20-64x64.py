# End-to-end GAN-aug (EndToEndGANAug, GenSeg's loop) on DRIVE with 5
# labelled images: the DRIVE protocol's UNet (./unet-s5-d16-w32_fcn_1xb4-
# 40k_drive-64x64.py: mmseg's DRIVE UNet at half width, its pipeline, SGD
# 0.01 poly, slide inference) trained on 4 of them, plus pix2pix pairs the generator renders
# from their (augmented) vessel maps each iteration; the 5th image is held
# out for the task term only (GenSeg holds out 8 of 40 the same way).
# Splits (splits/, nested; held out: the highest-numbered images):
#   5 labels:  e2e_5of20_train.txt  (23 25 27 34)  + e2e_5of20_heldout.txt (40)
#   2 labels:  e2e_2of20_train.txt  (25)           + e2e_2of20_heldout.txt (40)
#   10 labels: e2e_10of20_train.txt (8 images)     + e2e_10of20_heldout.txt
#              (37 40)
# (switch with --cfg-options train_dataloader.dataset.train.ann_file=... and
# train_dataloader.dataset.held_out.ann_file=...). The first 4000
# iterations train the GAN without the task term (warm-up). The test set
# (images/validation) is mmseg's DRIVE validation set, as in the base.
_base_ = './unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
num_classes = 2
model = dict(
    _delete_=True,
    type='EndToEndGANAug',
    segmentor={{_base_.model}},
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    # pix2pix for 64x64 crops: U-Net down to 1x1 (6 downsamplings),
    # dropout as noise, 70x70 PatchGAN, vanilla GAN loss + L1 (100)
    generator=dict(
        type='Pix2PixUnetGenerator',
        num_classes=num_classes,
        num_down=6,
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
    task_start_iter=4000,
    hypergradient='exact',
    # vessel trees have no upright: flips, zoom and any rotation
    label_augment=dict(
        flip_prob=0.5,
        scale_range=(1.0, 1.25),
        rotate_prob=0.5,
        max_rotate_degree=180))
splits = '{{fileDirname}}/splits/e2e_5of20_'
labelled = dict(
    type='DRIVEDataset',
    data_root={{_base_.data_root}},
    data_prefix=dict(
        img_path='images/training', seg_map_path='annotations/training'),
    pipeline={{_base_.train_pipeline}})
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='HeldOutSegDataset',
        train=dict(labelled, ann_file=splits + 'train.txt'),
        held_out=dict(labelled, ann_file=splits + 'heldout.txt')))
# one optimizer per network; the segmentor keeps mmseg's SGD and poly decay
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
    dict(type='SynthesisVisualizationHook', interval=4000),
]
