# A small SPADE on the embedded demo data (64x128), for `make demo` / tests.
_base_ = [
    '../_base_/models/spade.py', '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
data_root = 'data/demo_cityscapes'
synthesis_scale = (128, 64)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
# Labels are resized with the image: generation and its scoring happen at
# the generator's resolution.
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='PackSegInputs')
]
# Smaller than SPADE (width 16, 4 blocks, 32 hidden channels in the SPADE
# layers) and, so that the tests exercise them, with 16-d noise and a
# generator EMA (SPADE has neither: OASIS' parts); no VGG loss (no VGG19
# weights here).
model = dict(
    generator=dict(base_channels=16, channel_multipliers=(8, 8, 4, 2, 1),
                   upsample_after=None, noise_channels=16,
                   hidden_channels=32),
    discriminator=dict(base_channels=32),
    perceptual_loss=None,
    # a short run: a faster EMA that starts after the first third
    ema_config=dict(momentum=0.01, start_iter=100))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.9))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.9))))
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
test_dataloader = dict(
    num_workers=2, dataset=dict(data_root=data_root, pipeline=test_pipeline))
# The demo's reference segmentor is the UNet trained by `make demo` first.
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='configs/demo/'
    'unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py',
    segmentor_checkpoint='work_dirs/demo/unet/iter_200.pth')
train_cfg = dict(max_iters=300)
default_hooks = dict(
    logger=dict(interval=20), checkpoint=dict(interval=100))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='EMABNRecalibrationHook'),
    dict(type='SynthesisVisualizationHook', interval=100),
]
