import pytest
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
