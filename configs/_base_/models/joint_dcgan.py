# Unconditional joint DCGAN: noise -> (image, label map) together, judged
# as pairs by a DCGAN discriminator with BCE losses (no label source needed).
num_classes = 19
scale = 64
model = dict(
    type='JointSynthesisGAN',
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    generator=dict(
        type='JointDCGANGenerator',
        num_classes=num_classes,
        output_scale=scale,
        noise_size=100,
        base_channels=512),
    discriminator=dict(
        type='JointDCGANDiscriminator',
        num_classes=num_classes,
        input_scale=scale,
        base_channels=64,
        gan_loss=dict(type='GANLoss', gan_type='vanilla')))
