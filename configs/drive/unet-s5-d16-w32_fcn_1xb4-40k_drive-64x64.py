# The DRIVE protocol's segmentor: mmseg's DRIVE UNet
# (./unet-s5-d16_fcn_1xb4-40k_drive-64x64.py: SGD 0.01 poly, 64x64 crops,
# slide inference 64/42) at half width (base 32 channels), 3.4x faster per
# iteration on this CPU, so that every protocol row runs 3 seeds
# (tools/benchmarks/protocols/drive.py sets the iterations).
_base_ = './unet-s5-d16_fcn_1xb4-40k_drive-64x64.py'
model = dict(
    backbone=dict(base_channels=32),
    decode_head=dict(in_channels=32, channels=32),
    auxiliary_head=dict(in_channels=64, channels=32))
# mmseg's poly decay without its fixed `end`: mmengine ends it at
# train_cfg.max_iters, so a shorter run decays over its own length
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, by_epoch=False)
]
