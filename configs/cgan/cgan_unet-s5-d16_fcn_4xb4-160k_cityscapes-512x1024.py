# mmseg's unet-s5-d16 trained adversarially (Hung et al.): the segmentor is
# unchanged; a per-pixel discriminator judges its class maps.
_base_ = [
    'mmseg::unet/unet-s5-d16_fcn_4xb4-160k_cityscapes-512x1024.py',
    '../_base_/models/adversarial_head_hung.py'
]
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
model = dict(
    type='AdversarialSegmentor',
    adversarial_head={{_base_.adversarial_head}})
optim_wrapper = dict(
    constructor='AdversarialOptimWrapperConstructor',
    discriminator={{_base_.discriminator_optim_wrapper}})
param_scheduler = dict(
    _delete_=True,
    generator={{_base_.param_scheduler}},
    discriminator={{_base_.discriminator_param_scheduler}})
