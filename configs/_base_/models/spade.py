# SPADE (Park et al. 2019) as NVlabs/SPADE trains it: the generator's
# `normal` layout (7 SPADE residual blocks, 5 upsamplings, the last block at
# the image resolution), no noise (SPADE without its VAE renders one image
# per label map), a multi-scale PatchGAN (2 scales, 4 layers: 70x70
# patches) with hinge loss, feature matching (10) and the VGG loss (10),
# no generator EMA. Leaf configs set SPADE's Adam betas (0, 0.9). The VGG19
# weights are read from a local file (nothing is downloaded); configs that
# cannot have them set `perceptual_loss=None`.
num_classes = 19
model = dict(
    type='SemanticSynthesisGAN',
    data_preprocessor=dict(
        type='SegGANDataPreprocessor', num_classes=num_classes),
    generator=dict(
        type='SPADEGenerator',
        num_classes=num_classes,
        base_channels=64,
        channel_multipliers=(16, 16, 16, 16, 8, 4, 2, 1),
        upsample_after=(True, False, True, True, True, True, False),
        noise_channels=0),
    discriminator=dict(
        type='MultiScalePatchDiscriminator',
        num_classes=num_classes,
        num_scales=2,
        num_layers=4,
        base_channels=64,
        gan_loss=dict(type='GANLoss', gan_type='hinge'),
        feature_matching_weight=10.0),
    perceptual_loss=dict(
        type='VGGPerceptualLoss',
        vgg_checkpoint='checkpoints/vgg19-dcbb9e9d.pth',
        loss_weight=10.0))
