# The demo UNet trained adversarially (Hung et al.): the same segmentor plus
# a fully-convolutional discriminator on its class maps.
_base_ = './unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
model = dict(
    type='AdversarialSegmentor',
    adversarial_head=dict(
        type='AdversarialHead',
        discriminator=dict(type='FCPixelDiscriminator', num_classes=19),
        adv_loss_weight=0.01))
optim_wrapper = dict(
    _delete_=True,
    constructor='AdversarialOptimWrapperConstructor',
    generator={{_base_.optim_wrapper}},
    discriminator=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99))))
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)
