# mmseg's DRIVE UNet (UNet-S5-D16 + FCN head, 64x64 crops, slide inference
# 64/42, SGD 0.01 poly, 40k iterations) in one process: BN for SyncBN, and
# the retinal-vessel scores next to mmseg's mDice (VesselMetric: vessel Dice
# over the frame and inside the FOV, AUC-ROC and AUC-PR inside the FOV).
# data/DRIVE is mmseg's layout plus masks/ (FOV); setup links it.
_base_ = 'mmseg::unet/unet-s5-d16_fcn_4xb4-40k_drive-64x64.py'
data_root = 'data/DRIVE'
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(norm_cfg=norm_cfg),
    decode_head=dict(norm_cfg=norm_cfg),
    auxiliary_head=dict(norm_cfg=norm_cfg))
train_dataloader = dict(dataset=dict(dataset=dict(data_root=data_root)))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
val_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mDice']),
    dict(type='VesselMetric')
]
test_evaluator = val_evaluator
