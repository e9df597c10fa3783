import os.path as osp

import pytest
from conftest import REPO
from mmengine import Config

from mmseg_gan.utils import ConfigCheckError, check_data_roots


def _cfg(train_root, test_root, val_cfg=None):
    return Config(
        dict(
            train_dataloader=dict(dataset=dict(data_root=train_root)),
            val_dataloader=dict(dataset=dict(data_root=test_root)),
            val_cfg=val_cfg,
            test_dataloader=dict(dataset=dict(data_root=test_root))))


def test_train_checks_only_loaders_it_builds(tmp_path):
    missing = str(tmp_path / 'missing')
    # no val loop: a missing val/test root does not stop training
    check_data_roots(_cfg(str(tmp_path), missing), mode='train')
    with pytest.raises(ConfigCheckError, match='val_dataloader.dataset'):
        check_data_roots(
            _cfg(str(tmp_path), missing, val_cfg=dict(type='ValLoop')),
            mode='train')
    with pytest.raises(ConfigCheckError) as err:
        check_data_roots(_cfg(missing, str(tmp_path)), mode='train')
    assert 'train_dataloader.dataset.data_root' in str(err.value)
    assert missing in str(err.value)


def test_test_checks_test_loader(tmp_path):
    missing = str(tmp_path / 'missing')
    check_data_roots(_cfg(missing, str(tmp_path)), mode='test')
    with pytest.raises(ConfigCheckError, match='test_dataloader.dataset'):
        check_data_roots(_cfg(str(tmp_path), missing), mode='test')
    with pytest.raises(ValueError, match='mode'):
        check_data_roots(_cfg(str(tmp_path), missing), mode='val')


HEADLINE = osp.join(REPO, 'configs', 'gan_aug_unet_cityscapes.py')


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
    from mmseg_gan.utils import check_gan_aug_setup
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


def test_ratio_sampler_batch_size_must_match_the_loader():
    from mmseg_gan.utils import check_gan_aug_setup
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'gan_aug',
        'gan-aug-decay_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'))
    check_gan_aug_setup(cfg)  # as shipped: 4 and 4
    cfg.train_dataloader.batch_size = 2
    with pytest.raises(ConfigCheckError, match='sampler.batch_size is 4 but '
                       'train_dataloader.batch_size is 2'):
        check_gan_aug_setup(cfg)
