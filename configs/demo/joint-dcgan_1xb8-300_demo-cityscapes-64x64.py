# Unconditional joint DCGAN (noise -> image + label map) on 64x64 crops of
# the embedded demo data: Adam 2e-4, betas (0.5, 0.999), BCE losses.
_base_ = [
    '../_base_/models/joint_dcgan.py',
    '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
data_root = 'data/demo_cityscapes'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=(128, 64), keep_ratio=False),
    dict(type='RandomCrop', crop_size=(64, 64)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
model = dict(generator=dict(base_channels=128))
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))))
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
# Generated pairs carry their own labels: no seg-score test for this model.
test_evaluator = None
test_cfg = None
test_dataloader = None
train_cfg = dict(max_iters=300)
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=100))
