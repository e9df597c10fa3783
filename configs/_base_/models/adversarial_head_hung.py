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
# included)
adversarial_head = dict(
    type='AdversarialHead',
    discriminator=dict(type='FCPixelDiscriminator'),
    adv_loss_weight=0.01)
discriminator_optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99)))
# one DDP wrapper per child, so the alternating updates sync separately
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)
# exact --resume: checkpoints carry the random generator states
custom_hooks = [dict(type='RNGStateHook')]
