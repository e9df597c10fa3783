# GAN-aug with a synthetic share that decays from 1/2 at the start to 0 at
# the end (SyntheticRatioBatchSampler): the synthetic pairs add layouts early
# and the last iterations train on real images only, so the segmentor ends on
# the real image statistics. Set `batch_sampler.end` with
# `train_cfg.max_iters`.
_base_ = './gan-aug_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
train_dataloader = dict(
    # the wrapper's fixed share decides which indices are synthetic; the
    # batch sampler's schedule replaces it (kept at the measured rows' 0.5).
    # It takes the loader's batch_size and the dataset and seed of the
    # base's `sampler`, whose own order it does not use.
    dataset=dict(synthetic_ratio=0.5),
    batch_sampler=dict(
        type='SyntheticRatioBatchSampler',
        ratio=(0.5, 0.0),
        end={{_base_.max_iters}}))
