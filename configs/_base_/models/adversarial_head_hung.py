# Adversarial training of a segmentor, Hung et al. (BMVC 2018) defaults:
# a fully-convolutional per-pixel discriminator on class maps (its input
# channels default to the decode head's num_classes), λ_adv 0.01, Adam 1e-4
# with betas (0.9, 0.99). A leaf config that inherits an mmseg config and
# this file makes it adversarial with:
#   model = dict(type='AdversarialSegmentor',
#                adversarial_head={{_base_.adversarial_head}})
#   optim_wrapper = dict(
#       constructor='AdversarialOptimWrapperConstructor',
#       discriminator={{_base_.discriminator_optim_wrapper}})
# (the segmentor keeps the inherited mmseg optim_wrapper, paramwise_cfg
# included) and the param_scheduler below
adversarial_head = dict(
    type='AdversarialHead',
    discriminator=dict(type='FCPixelDiscriminator'),
    adv_loss_weight=0.01)
discriminator_optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99)))
# Hung's discriminator lr decays as the segmentor's, poly 0.9 to 0 (`end`
# left out: mmengine ends it at train_cfg.max_iters). A leaf config gives
# each optimizer its schedule:
#   param_scheduler = dict(
#       _delete_=True, generator={{_base_.param_scheduler}},
#       discriminator={{_base_.discriminator_param_scheduler}})
discriminator_param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, by_epoch=False)
]
# one DDP wrapper per child, so the alternating updates sync separately
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)
# exact --resume: checkpoints carry the random generator states
custom_hooks = [dict(type='RNGStateHook')]
