# GAN-aug as pre-training: synthetic pairs only for the first quarter of the
# run, then real images only (SyntheticRatioBatchSampler, step schedule). The
# segmentor learns layouts from the synthetic set and then fits the real
# images at a learning rate that is still 3/4 of its start. Set
# `batch_sampler.end` with `train_cfg.max_iters`.
_base_ = './gan-aug-decay_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
train_dataloader = dict(
    batch_sampler=dict(
        ratio=(1.0, 0.0),
        end=500,  # a quarter of the 2000 iterations
        schedule='step'))
