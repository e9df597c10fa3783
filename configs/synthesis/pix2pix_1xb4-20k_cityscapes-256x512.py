_base_ = [
    '../_base_/models/pix2pix.py',
    '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))))
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='mmseg::deeplabv3plus/'
    'deeplabv3plus_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    segmentor_checkpoint='checkpoints/'
    'deeplabv3plus_r101-d8_512x1024_80k_cityscapes.pth')
