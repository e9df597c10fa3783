# CamVid for label->image synthesis: whole frames resized to 144x192
# (aspect kept; divisible by 16 for the generators).
_base_ = './camvid.py'
synthesis_scale = (192, 144)
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
