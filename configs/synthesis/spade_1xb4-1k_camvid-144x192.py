# SPADE on CamVid (11 classes), whole frames at 144x192, sized for a CPU:
# width 32 (SPADE: 64), 4 SPADE blocks from 18x24 (3 upsamplings, the last
# block at 144x192), 32 hidden channels in the SPADE layers (SPADE: 128), no
# VGG loss (no VGG19 weights here), 1000 iterations: 1.5 s per iteration on
# the 2-core machine (docs/results/camvid.md).
# The rest is SPADE's: no noise, no EMA, 2-scale 70x70 PatchGAN, hinge +
# feature matching, Adam (0, 0.9) with G 1e-4 and D 4e-4.
_base_ = [
    '../_base_/models/spade_cpu.py', '../_base_/datasets/camvid_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
num_classes = 11
model = dict(
    data_preprocessor=dict(num_classes=num_classes),
    generator=dict(num_classes=num_classes),
    discriminator=dict(num_classes=num_classes))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.9))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.9))))
train_cfg = dict(max_iters=1000)
default_hooks = dict(checkpoint=dict(interval=500))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='EMABNRecalibrationHook'),
    dict(type='SynthesisVisualizationHook', interval=250),
]
# Reference segmentor: configs/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py
# trained on real CamVid train (see docs/results/camvid.md).
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='configs/baseline/'
    'unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py',
    segmentor_checkpoint='work_dirs/camvid/unet-s5-d16_fcn_1xb4-1k_camvid/'
    'iter_1000.pth')
