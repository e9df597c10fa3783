# Runtime pieces shared by every synthesis GAN: iteration-based training,
# two optimizers (mmengine OptimWrapperDict), separate DDP per network, and
# the GAN hooks. Models set `optim_wrapper` learning rates as they need.
optim_wrapper = dict(
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.0, 0.999))),
    discriminator=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=4e-4, betas=(0.0, 0.999))))
param_scheduler = []

train_cfg = dict(type='IterBasedTrainLoop', max_iters=20000)
# No validation loop while training (GAN progress is shown by the sample
# grids; the dataset bases set val_dataloader / val_evaluator to None);
# `tools/test.py` scores a checkpoint with `test_evaluator`.
val_cfg = None
test_cfg = dict(type='TestLoop')

# Each network is wrapped on its own, as the two updates alternate.
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook', by_epoch=False, interval=2000,
        max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='EMABNRecalibrationHook'),
    dict(type='SynthesisVisualizationHook', interval=1000),
]
randomness = dict(seed=0)
