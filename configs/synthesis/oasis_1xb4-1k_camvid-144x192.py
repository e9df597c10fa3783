# OASIS on CamVid: the CamVid SPADE config's data, budget and generator
# size, with OASIS' parts: 32-d 3D noise, the segmentation discriminator
# (four downsamplings: 144x192 divides by 16, not by 32), LabelMix 10, Adam
# (0, 0.999), and a generator EMA sized for 1000 iterations (decay 0.995
# from iteration 250; OASIS: 0.9999 over ~100k) whose BatchNorm statistics
# are recomputed before each checkpoint and sample grid.
_base_ = './spade_1xb4-1k_camvid-144x192.py'
model = dict(
    generator=dict(noise_channels=32),
    discriminator=dict(
        _delete_=True,
        type='OASISDiscriminator',
        num_classes=11,
        base_channels=32,
        channel_multipliers=(1, 2, 4, 8),
        labelmix_weight=10.0),
    ema_config=dict(momentum=0.005, start_iter=250))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.999))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.999))))
