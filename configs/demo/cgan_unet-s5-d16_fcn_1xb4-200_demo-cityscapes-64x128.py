# The demo UNet trained adversarially (Hung et al.): the same segmentor plus
# a fully-convolutional discriminator on its class maps. `real_smoothing`
# 0.3 keeps the discriminator in the game, as in the CamVid cGAN configs
# (the best measured cGAN setting with all labels: docs/results/camvid.md).
_base_ = [
    './unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py',
    '../_base_/models/adversarial_head_hung.py'
]
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
model = dict(
    type='AdversarialSegmentor',
    adversarial_head=dict(
        type='AdversarialHead',
        discriminator=dict(type='FCPixelDiscriminator'),
        adv_loss_weight=0.01,
        real_smoothing=0.3))
optim_wrapper = dict(
    constructor='AdversarialOptimWrapperConstructor',
    discriminator={{_base_.discriminator_optim_wrapper}})
param_scheduler = dict(
    _delete_=True,
    generator={{_base_.param_scheduler}},
    discriminator={{_base_.discriminator_param_scheduler}})
