# SPADE (Park et al. 2019): SPADE generator with 3D noise, multi-scale
# PatchGAN discriminator, hinge loss + feature matching, generator EMA.
num_classes = 19
model = dict(
    type='SemanticSynthesisGAN',
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    generator=dict(
        type='SPADEGenerator',
        num_classes=num_classes,
        base_channels=64,
        channel_multipliers=(16, 16, 16, 8, 4, 2, 1),
        noise_channels=64),
    discriminator=dict(
        type='MultiScalePatchDiscriminator',
        num_classes=num_classes,
        num_scales=2,
        num_layers=4,
        base_channels=64,
        gan_loss=dict(type='GANLoss', gan_type='hinge'),
        feature_matching_weight=10.0),
    ema_config=dict(momentum=0.001))
