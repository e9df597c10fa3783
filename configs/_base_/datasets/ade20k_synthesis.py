# ADE20K (150 classes) for label->image synthesis: mmseg's dataset config,
# whole images resized to 256x256 as in SPADE / OASIS. `reduce_zero_label`
# stays as in mmseg: file value 0 ("other") is ignored and 1..150 become
# classes 0..149, in training and when tools/synthesize.py reads the maps
# (its 'train' / 'val' label sources and a --label-source folder of raw
# ADE20K annotations alike).
_base_ = 'mmseg::_base_/datasets/ade20k.py'
synthesis_scale = (256, 256)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = None
val_evaluator = None
