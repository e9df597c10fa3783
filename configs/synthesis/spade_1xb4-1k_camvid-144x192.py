# SPADE on CamVid (11 classes), whole frames at 144x192, CPU-sized widths.
_base_ = [
    '../_base_/models/spade.py', '../_base_/datasets/camvid_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
num_classes = 11
model = dict(
    data_preprocessor=dict(num_classes=num_classes),
    generator=dict(
        num_classes=num_classes,
        base_channels=32,
        channel_multipliers=(8, 8, 4, 2, 1),
        noise_channels=32),
    discriminator=dict(
        num_classes=num_classes, base_channels=32, num_layers=3),
    # a CPU-sized run: a faster EMA that starts after a quarter
    ema_config=dict(momentum=0.005, start_iter=250))
train_cfg = dict(max_iters=1000)
default_hooks = dict(checkpoint=dict(interval=500))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='SynthesisVisualizationHook', interval=250),
]
# Reference segmentor: configs/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py
# trained on real CamVid train (see docs/benchmarks.md).
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='configs/baseline/'
    'unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py',
    segmentor_checkpoint='work_dirs/camvid/unet-s5-d16_fcn_1xb4-1k_camvid/'
    'iter_1000.pth')
