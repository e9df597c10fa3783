_base_ = [
    '../_base_/models/spade.py', '../_base_/datasets/cityscapes_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
# Seg-score reference: any mmseg Cityscapes segmentor and its checkpoint,
# e.g. from the mmseg model zoo (see README "Synthesis GAN").
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='mmseg::deeplabv3plus/'
    'deeplabv3plus_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    segmentor_checkpoint='checkpoints/'
    'deeplabv3plus_r101-d8_512x1024_80k_cityscapes.pth')
