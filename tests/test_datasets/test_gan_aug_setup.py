"""The GAN-aug config checks tools/train.py runs before building anything:
online rendering needs its preprocessor, and the batch sampler's schedule
takes the loader's batch size and should end within the run."""
import os.path as osp
from unittest import mock

import pytest
from conftest import REPO
from mmengine import Config

from mmseg_gan.utils import ConfigCheckError

HEADLINE = osp.join(REPO, 'configs', 'gan_aug_unet_cityscapes.py')
DECAY = osp.join(
    REPO, 'configs', 'gan_aug',
    'gan-aug-decay_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py')


def _gan_aug_types():
    from mmseg_gan.datasets import GANAugmentedDataset
    from mmseg_gan.models.data_preprocessors import (
        OnlineSynthesisDataPreprocessor,
    )
    return [('GANAugmentedDataset', 'OnlineSynthesisDataPreprocessor'),
            # scoped, and a dotted path (both build with mmengine)
            ('mmseg.GANAugmentedDataset',
             'mmseg.OnlineSynthesisDataPreprocessor'),
            ('mmseg_gan.datasets.GANAugmentedDataset',
             'mmseg_gan.models.OnlineSynthesisDataPreprocessor'),
            # the classes themselves (pure-Python configs)
            (GANAugmentedDataset, OnlineSynthesisDataPreprocessor)]


@pytest.mark.parametrize('dataset_type,preprocessor_type', _gan_aug_types(),
                         ids=['plain', 'scoped', 'dotted', 'class'])
def test_online_gan_aug_needs_the_rendering_preprocessor(dataset_type,
                                                         preprocessor_type):
    from mmseg_gan.datasets import check_gan_aug_setup
    cfg = Config.fromfile(HEADLINE)
    cfg.train_dataloader.dataset.update(synthetic=None, online=True,
                                        type=dataset_type)
    with pytest.raises(ConfigCheckError) as err:
        check_gan_aug_setup(cfg)
    msg = str(err.value)
    assert 'train_dataloader.dataset is a GANAugmentedDataset with ' \
        'online=True' in msg and 'OnlineSynthesisDataPreprocessor' in msg
    assert "'SegDataPreProcessor'" in msg
    cfg.model.data_preprocessor.type = preprocessor_type
    check_gan_aug_setup(cfg)  # now consistent
    offline = Config.fromfile(HEADLINE)
    check_gan_aug_setup(offline)  # offline needs nothing from the model


class _EveryOther:
    """Sixteen indices, the even ones synthetic."""

    def __len__(self):
        return 16

    def __getitem__(self, idx):
        return idx

    def is_synthetic(self, idx):
        return idx % 2 == 0


def test_ratio_batch_sampler_takes_the_loader_batch_size():
    """The schedule counts iterations in the loader's own batches: the
    batch size is written once, so no copy can disagree with it."""
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner
    cfg = Config.fromfile(DECAY)
    assert 'batch_size' not in cfg.train_dataloader.batch_sampler
    init_default_scope('mmseg')
    for batch_size in (cfg.train_dataloader.batch_size, 2):
        loader = Runner.build_dataloader(
            dict(batch_size=batch_size, num_workers=0,
                 sampler=cfg.train_dataloader.sampler,
                 batch_sampler=cfg.train_dataloader.batch_sampler,
                 dataset=_EveryOther()), seed=0)
        assert loader.batch_sampler.batch_size == batch_size
        assert len(next(iter(loader))) == batch_size


def test_ratio_schedule_past_max_iters_warns():
    from mmseg_gan.datasets import check_ratio_schedule
    from mmseg_gan.datasets.samplers import synthetic_ratio_batch_sampler
    cfg = Config.fromfile(DECAY)
    with mock.patch.object(synthetic_ratio_batch_sampler,
                           'print_log') as log:
        check_ratio_schedule(cfg)  # as shipped: end == max_iters
        assert not log.called
        cfg.train_cfg.max_iters = 500
        check_ratio_schedule(cfg)
    msg = log.call_args[0][0]
    assert 'train_dataloader.batch_sampler.end is 2000 but ' \
        'train_cfg.max_iters is 500' in msg
    assert 'train_dataloader.batch_sampler.end=500' in msg
