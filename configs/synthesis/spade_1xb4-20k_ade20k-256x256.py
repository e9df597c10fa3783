# SPADE on ADE20K (the benchmark of SPADE, OASIS and FreeMask), 256x256.
_base_ = [
    '../_base_/models/spade.py', '../_base_/datasets/ade20k_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
num_classes = 150
model = dict(
    data_preprocessor=dict(num_classes=num_classes),
    generator=dict(num_classes=num_classes),
    discriminator=dict(num_classes=num_classes))
# SPADE's Adam betas (0, 0.9) with G 1e-4 and D 4e-4 (TTUR).
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.9))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.9))))
# Seg-score reference: an mmseg ADE20K segmentor from its model zoo.
test_evaluator = dict(
    type='SegmentationScore',
    segmentor_config='mmseg::deeplabv3plus/'
    'deeplabv3plus_r50-d8_4xb4-160k_ade20k-512x512.py',
    segmentor_checkpoint='checkpoints/'
    'deeplabv3plus_r50-d8_512x512_160k_ade20k.pth')
