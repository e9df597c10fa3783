_base_ = [
    '../_base_/models/spade.py', '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
# SPADE's Cityscapes settings: the `more` layout (an upsampling between the
# two middle blocks too), Adam betas (0, 0.9) with G 1e-4 and D 4e-4 (TTUR).
model = dict(
    generator=dict(
        upsample_after=(True, True, True, True, True, True, False)))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.9))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.9))))
# Seg-score reference: any mmseg Cityscapes segmentor and its checkpoint,
# e.g. from the mmseg model zoo (see README "Synthesis GAN").
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='mmseg::deeplabv3plus/'
    'deeplabv3plus_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    segmentor_checkpoint='checkpoints/'
    'deeplabv3plus_r101-d8_512x1024_80k_cityscapes.pth')
