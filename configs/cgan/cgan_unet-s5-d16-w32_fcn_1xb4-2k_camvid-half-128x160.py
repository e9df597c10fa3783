# The protocol segmentor (docs/results/lever_record.md, "CamVid protocol")
# trained
# adversarially (Hung et al.): only the segmentor type, the head and the
# optimizers change. The real class maps are mixed with 30 % of the
# segmentor's softmax (`real_smoothing`) so the discriminator cannot win on
# one-hot vs softmax alone; `d_real` / `d_fake` in the log show the balance.
# The discriminator is half Hung's width (its cost at 128x160 on a CPU).
_base_ = [
    '../baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py',
    '../_base_/models/adversarial_head_hung.py'
]
model = dict(
    type='AdversarialSegmentor',
    adversarial_head=dict(
        type='AdversarialHead',
        discriminator=dict(type='FCPixelDiscriminator', base_channels=32),
        adv_loss_weight=0.01,
        real_smoothing=0.3))
optim_wrapper = dict(
    constructor='AdversarialOptimWrapperConstructor',
    discriminator={{_base_.discriminator_optim_wrapper}})
param_scheduler = dict(
    _delete_=True,
    generator={{_base_.param_scheduler}},
    discriminator={{_base_.discriminator_param_scheduler}})
