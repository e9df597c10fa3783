# pix2pix (U-Net + PatchGAN + L1) on the embedded demo data.
_base_ = './spade_1xb4-300_demo-cityscapes-64x128.py'
model = dict(
    generator=dict(
        _delete_=True,
        type='Pix2PixUnetGenerator',
        num_classes=19,
        num_down=6,
        base_channels=16),
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
