# The demo UNet trained adversarially (Hung et al.): the same segmentor plus
# a fully-convolutional discriminator on its class maps.
_base_ = [
    './unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py',
    '../_base_/models/adversarial_head_hung.py'
]
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
model = dict(
    type='AdversarialSegmentor',
    adversarial_head={{_base_.adversarial_head}})
optim_wrapper = dict(
    constructor='AdversarialOptimWrapperConstructor',
    discriminator={{_base_.discriminator_optim_wrapper}})
