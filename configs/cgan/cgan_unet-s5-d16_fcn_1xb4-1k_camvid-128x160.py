# The CamVid UNet trained adversarially (Hung et al.); only the segmentor
# type, the head and the optimizers change.
_base_ = [
    '../baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py',
    '../_base_/models/adversarial_head_hung.py'
]
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
