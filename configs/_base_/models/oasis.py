# OASIS (Schönfeld et al. 2021): SPADE generator with 3D noise, U-Net
# segmentation discriminator (N+1 classes, class-balanced cross-entropy,
# LabelMix), generator EMA.
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
        type='OASISDiscriminator',
        num_classes=num_classes,
        base_channels=64,
        channel_multipliers=(2, 2, 4, 4, 8, 8),
        labelmix_weight=10.0),
    ema_config=dict(momentum=0.001))
