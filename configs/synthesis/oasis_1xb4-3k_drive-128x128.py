# OASIS on DRIVE: the DRIVE SPADE config's data, budget and generator
# size, with OASIS' parts: 32-d 3D noise, the segmentation discriminator
# (2 classes + fake), LabelMix 10, Adam (0, 0.999), and a generator EMA
# sized for 3000 iterations (decay 0.999 from iteration 500; OASIS: 0.9999
# over ~100k) whose BatchNorm statistics are recomputed before each
# checkpoint and sample grid.
_base_ = './spade_1xb4-3k_drive-128x128.py'
model = dict(
    generator=dict(noise_channels=32),
    discriminator=dict(
        _delete_=True,
        type='OASISDiscriminator',
        num_classes={{_base_.num_classes}},
        base_channels=32,
        channel_multipliers=(1, 2, 4, 8, 8),
        labelmix_weight=10.0),
    ema_config=dict(momentum=0.001, start_iter=500))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.999))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.999))))
