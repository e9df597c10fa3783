# pix2pix on CamVid, with the data, budget, hooks and seg-score of the
# CamVid SPADE config (the synthesizer comparison in docs/results/lever_record.md).
# The U-Net pads 144x192 to 160x192 (a multiple of 2 ** 5) and crops back;
# with 5 downsamplings mmagic's U-Net has no dropout block, so a 32-d
# noise vector is its only source of diversity.
_base_ = './spade_1xb4-1k_camvid-144x192.py'
model = dict(
    generator=dict(
        _delete_=True,
        type='Pix2PixUnetGenerator',
        num_classes=11,
        num_down=5,
        base_channels=32,
        noise_channels=32),
    # the SPADE config's PatchGAN (11 classes, width 32) as pix2pix's:
    # one scale, BN, padding 1, 70x70 patches
    discriminator=dict(
        num_scales=1,
        padding=1,
        norm_cfg=dict(type='BN'),
        spectral_norm=False,
        gan_loss=dict(gan_type='vanilla'),
        feature_matching_weight=0.0),
    ema_config=None,
    l1_loss_weight=100.0,
    reuse_fake=True)
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))))
