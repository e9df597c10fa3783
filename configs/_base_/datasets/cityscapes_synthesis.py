# Cityscapes for label->image synthesis: mmseg's dataset config, with whole
# images resized to 256x512 (no crop, no photometric change).
_base_ = 'mmseg::_base_/datasets/cityscapes.py'
synthesis_scale = (512, 256)
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
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
# No validation while training a GAN; the final config sets test_evaluator
# (SegmentationScore needs a reference segmentor).
val_dataloader = None
val_evaluator = None
