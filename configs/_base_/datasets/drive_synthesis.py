# DRIVE for label->image synthesis: vessel map + field of view -> fundus
# image. Frames (565x584) are resized to 576x576 (divisible by 64 for the
# generators; aspect within 3.4 %). LoadFOVMask(ignore_outside=True) sets
# the label outside the FOV to 255, whose one-hot is all zeros: the
# generator learns the black surround from it, and the rendered pairs keep
# it ignored. Training sees random 128x128 crops of rotated and flipped
# frames (vessel trees have no upright); rendering and seg-score use whole
# frames, so the vessels keep the scale the segmentor sees.
_base_ = 'mmseg::_base_/datasets/drive.py'
synthesis_scale = (576, 576)
synthesis_crop = (128, 128)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadFOVMask', ignore_outside=True),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='RandomRotate', prob=1.0, degree=180, pad_val=0,
         seg_pad_val=255),
    dict(type='RandomCrop', crop_size=synthesis_crop),
    dict(type='RandomFlip', prob=0.5, direction=['horizontal', 'vertical']),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadFOVMask', ignore_outside=True),
    dict(type='Resize', scale=synthesis_scale, keep_ratio=False),
    dict(type='PackSegInputs')
]
# the training images without mmseg's RepeatDataset (the sampler is
# infinite), so the label source reads them as a plain dataset
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(
        _delete_=True,
        type={{_base_.dataset_type}},
        data_root={{_base_.data_root}},
        data_prefix=dict(
            img_path='images/training', seg_map_path='annotations/training'),
        pipeline=train_pipeline))
test_dataloader = dict(num_workers=2, dataset=dict(pipeline=test_pipeline))
# No validation while training a GAN. tools/test.py scores a checkpoint
# with seg-score: the DRIVE protocol's full-label segmentor
# (tools/benchmarks/protocols/drive.py, row full) segments the generators'
# renderings of the test set's vessel maps (mIoU and mDice inside the FOV,
# next to the same segmentor on the real test images).
val_dataloader = None
val_evaluator = None
test_evaluator = dict(
    _delete_=True,
    type='SegmentationScore',
    segmentor_config='configs/drive/'
    'unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py',
    segmentor_checkpoint='work_dirs/drive_protocol/full_seed0/'
    'iter_4000.pth',
    iou_metrics=['mIoU', 'mDice'])
