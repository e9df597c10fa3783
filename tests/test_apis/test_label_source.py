"""load_label_source: label maps through the dataset's own LoadAnnotations."""
import os.path as osp

import mmcv
import numpy as np
import pytest
from conftest import REPO
from mmengine.config import Config

from mmseg_gan.apis import load_label_source

ADE_SPADE = osp.join(REPO, 'configs', 'synthesis',
                     'spade_1xb4-20k_ade20k-256x256.py')


def _ade_cfg(root):
    """The shipped ADE20K synthesis config on a tiny ADE20K-layout folder."""
    cfg = Config.fromfile(ADE_SPADE)
    for loader in ('train_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = root
        cfg[loader].dataset.data_prefix = dict(
            img_path='images/training', seg_map_path='annotations/training')
    return cfg


def _write(root, name, label):
    mmcv.imwrite(np.zeros((*label.shape, 3), np.uint8),
                 osp.join(root, 'images', 'training', f'{name}.jpg'))
    mmcv.imwrite(label, osp.join(root, 'annotations', 'training',
                                 f'{name}.png'))


def test_reduce_zero_label_shifts_classes_as_in_training(tmp_path):
    root = str(tmp_path)
    label = np.zeros((16, 32), np.uint8)  # 0: "other" in ADE20K files
    label[:, 8:16] = 1   # the first class (wall) -> index 0
    label[:, 16:] = 150  # the last class -> index 149
    _write(root, 'a', label)
    labels, names = load_label_source(_ade_cfg(root), 'train')
    assert names == ['a.png']
    got = labels[0]
    assert got.shape == (256, 256)  # the generator's resolution
    assert (got[:, :60] == 255).all() and (got[:, 68:124] == 0).all()
    assert (got[:, 132:] == 149).all()


def test_out_of_range_label_names_the_file(tmp_path):
    root = str(tmp_path)
    label = np.ones((16, 32), np.uint8)
    label[0, 0] = 200  # 199 after the shift: not one of the 150 classes
    _write(root, 'bad', label)
    with pytest.raises(ValueError) as err:
        load_label_source(_ade_cfg(root), 'train')
    assert 'bad.png' in str(err.value) and '199' in str(err.value)


def test_fov_mask_step_marks_the_outside_of_a_fundus(tmp_path):
    """DRIVE: LoadFOVMask(ignore_outside=True) after LoadAnnotations runs
    too, so the maps to render carry the black surround as 255."""
    from test_datasets.test_fov_mask import fov_disc, make_tiny_drive
    root = make_tiny_drive(tmp_path / 'DRIVE')
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'synthesis', 'pix2pix_1xb4-3k_drive-128x128.py'))
    cfg.train_dataloader.dataset.data_root = root
    labels, names = load_label_source(cfg, 'train')
    assert names == ['21_manual1.png', '22_manual1.png', '23_manual1.png']
    outside = mmcv.imresize(fov_disc(24, 20), (576, 576),
                            interpolation='nearest') == 0
    for lbl in labels:
        assert lbl.shape == (576, 576)
        assert (lbl[outside] == 255).all()
        assert set(np.unique(lbl[~outside])) <= {0, 1}
    # without the step the outside is background, as the files say
    cfg.train_dataloader.dataset.pipeline = [
        t for t in cfg.train_dataloader.dataset.pipeline
        if t['type'] != 'LoadFOVMask']
    labels, _ = load_label_source(cfg, 'train')
    assert (labels[0][outside] == 0).all()
