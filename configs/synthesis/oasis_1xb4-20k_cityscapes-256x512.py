_base_ = [
    '../_base_/models/oasis.py', '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
# OASIS' Cityscapes settings (config.py): EMA decay 0.999, LabelMix weight
# 5, generator lr 4e-4.
model = dict(
    discriminator=dict(labelmix_weight=5.0), ema_config=dict(momentum=0.001))
optim_wrapper = dict(generator=dict(optimizer=dict(lr=4e-4)))
# Seg-score reference: any mmseg Cityscapes segmentor and its checkpoint,
# e.g. from the mmseg model zoo (see README "Synthesis GAN").
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='mmseg::deeplabv3plus/'
    'deeplabv3plus_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    segmentor_checkpoint='checkpoints/'
    'deeplabv3plus_r101-d8_512x1024_80k_cityscapes.pth')
