# OASIS (Schönfeld et al. 2021) as boschresearch/OASIS trains it: the SPADE
# generator with 6 blocks (5 upsamplings, the last block at the image
# resolution) and 64-d 3D noise, the U-Net segmentation discriminator
# (N+1 classes, class-balanced cross-entropy, LabelMix weight 10 with one
# coin per class and batch), a generator EMA with decay 0.9999 whose
# BatchNorm statistics are recomputed before it is used
# (EMABNRecalibrationHook). Adam (0, 0.999), G 1e-4, D 4e-4 come from the
# synthesis schedule.
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
    ema_config=dict(momentum=0.0001))
