# End-to-end GAN-aug (EndToEndGANAug) on the embedded demo data, for tests
# and `tools/benchmarks/e2e_step_time.py`: the demo UNet is the segmentor,
# the demo pix2pix (U-Net width 16 + PatchGAN + L1) the synthesizer, trained
# together; the task term starts after 50 iterations of plain GAN training.
# Labelled budget: the first 6 demo training images, 4 to train on and 2
# held out for the task term (splits/, names of generate_demo_cityscapes).
_base_ = './unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
num_classes = 19
model = dict(
    _delete_=True,
    type='EndToEndGANAug',
    segmentor={{_base_.model}},
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    generator=dict(
        type='Pix2PixUnetGenerator',
        num_classes=num_classes,
        num_down=6,
        base_channels=16),
    discriminator=dict(
        type='MultiScalePatchDiscriminator',
        num_classes=num_classes,
        num_scales=1,
        num_layers=4,
        padding=1,
        base_channels=32,
        norm_cfg=dict(type='BN'),
        spectral_norm=False,
        gan_loss=dict(type='GANLoss', gan_type='vanilla'),
        feature_matching_weight=0.0),
    l1_loss_weight=100.0,
    reuse_fake=True,
    task_loss_weight=1.0,
    task_start_iter=50,
    label_augment=dict(flip_prob=0.5, scale_range=(1.0, 1.5)))
splits = '{{fileDirname}}/splits/demo-cityscapes_e2e_'
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
        train=dict(labelled, ann_file=splits + 'train.txt'),
        held_out=dict(labelled, ann_file=splits + 'heldout.txt')))
# one optimizer per network: the segmentor keeps mmseg's (SGD, poly)
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
    dict(type='SynthesisVisualizationHook', interval=100),
]
