# The DRIVE protocol segmentor (./unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py)
# trained adversarially as Hung et al. (BMVC 2018): a fully-convolutional
# per-pixel discriminator on the class maps (2 channels), λ_adv 0.01, Adam
# 1e-4 (0.9, 0.99) with its lr decaying poly to 0 as the segmentor's. Only
# the segmentor type, the head, the optimizers and the schedules change.
_base_ = [
    './unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py',
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
