# mmseg's deeplabv3plus trained adversarially (Hung et al.): the segmentor is
# unchanged; a per-pixel discriminator judges its class maps.
_base_ = [
    'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py',
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
