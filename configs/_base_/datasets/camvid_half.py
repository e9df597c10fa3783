# CamVid at half resolution (240x180) for the data-limited quality protocol
# (docs/results/lever_record.md "CamVid protocol"): the segmentor trains
# on 128x160 crops of frames rescaled around 240x180 and is evaluated on
# whole 240x180 frames (predictions are resized back to the 480x360 labels
# by mmseg).
# The synthesizers of the protocol generate at the same 240x180 scale, so
# synthetic pairs go through this pipeline unscaled.
_base_ = './camvid.py'
half_scale = (240, 180)
crop_size = (128, 160)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=half_scale, ratio_range=(0.75, 1.5),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=half_scale, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
