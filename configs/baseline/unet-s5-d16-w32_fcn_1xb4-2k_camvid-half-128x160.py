# The data-limited CamVid protocol's segmentor
# (docs/results/lever_record.md, "CamVid protocol"): UNet-S5-D16 FCN at
# half width (base 32 channels), CamVid at
# half resolution, trained from scratch with AdamW so that it fits its
# labelled set within a CPU budget (2000 iterations x batch 4). mmseg's SGD
# 0.01 schedule does not fit even 12 images at this budget, so there the
# number of labels made no difference. Every protocol row (baseline, low-label
# split, GAN-aug, cGAN) derives from this config.
_base_ = [
    'mmseg::_base_/models/fcn_unet_s5-d16.py',
    '../_base_/datasets/camvid_half.py', '../_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py'
]
crop_size = (128, 160)
max_iters = 2000
model = dict(
    data_preprocessor=dict(size=crop_size, test_cfg=dict(size_divisor=16)),
    backbone=dict(base_channels=32),
    decode_head=dict(in_channels=32, channels=32, num_classes=11),
    auxiliary_head=dict(in_channels=64, channels=32, num_classes=11),
    test_cfg=dict(mode='whole'))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4))
# `end` left out: mmengine ends the schedule at train_cfg.max_iters, so a
# shorter or longer run (--cfg-options train_cfg.max_iters=...) decays over
# its own length
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=0, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=max_iters, max_keep_ckpts=1))
