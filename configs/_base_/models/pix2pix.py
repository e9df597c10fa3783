# pix2pix (Isola et al. 2017) on one-hot label maps: mmagic's U-Net
# generator (dropout as noise), the 70x70 PatchGAN (mmagic's num_conv=3:
# 4 layers here, padding 1), vanilla GAN loss + L1 (weight 100); the
# discriminator judges the images of the generator step (one generator
# forward per iteration, as mmagic).
num_classes = 19
model = dict(
    type='SemanticSynthesisGAN',
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    generator=dict(
        type='Pix2PixUnetGenerator',
        num_classes=num_classes,
        num_down=7,
        base_channels=64),
    discriminator=dict(
        type='MultiScalePatchDiscriminator',
        num_classes=num_classes,
        num_scales=1,
        num_layers=4,
        padding=1,
        base_channels=64,
        norm_cfg=dict(type='BN'),
        spectral_norm=False,
        gan_loss=dict(type='GANLoss', gan_type='vanilla'),
        feature_matching_weight=0.0),
    l1_loss_weight=100.0,
    reuse_fake=True)
