"""tools/benchmarks/class_texture.py: per-class colour and texture."""
import importlib.util
import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location(
    'class_texture', osp.join(REPO, 'tools', 'benchmarks', 'class_texture.py'))
class_texture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(class_texture)


def write_pair(folder, name, img, seg):
    img_path, seg_path = osp.join(folder, f'{name}.jpg.png'), osp.join(
        folder, f'{name}_seg.png')
    cv2.imwrite(img_path, img)
    cv2.imwrite(seg_path, seg)
    return img_path, seg_path


def test_blur_lowers_texture_and_keeps_colour(tmp_path):
    rng = np.random.default_rng(0)
    seg = np.zeros((48, 64), np.uint8)
    seg[:, 32:] = 1
    img = np.zeros((48, 64, 3), np.uint8)
    img[:, :32] = (40, 80, 120)  # class 0: flat colour (BGR)
    img[:, 32:] = rng.integers(0, 255, (48, 32, 3))  # class 1: noise
    sharp = write_pair(str(tmp_path), 'sharp', img, seg)
    blurred = write_pair(str(tmp_path), 'blur',
                         cv2.GaussianBlur(img, (7, 7), 3), seg)
    stats = {}
    for name, pair in (('sharp', sharp), ('blur', blurred)):
        stats[name] = class_texture.summarize(
            *class_texture.class_stats([pair], 2, (64, 48)), ['flat', 'noise'])
    # the flat class has no texture either way and keeps its colour (RGB)
    assert stats['sharp']['flat']['texture'] == 0
    assert stats['sharp']['flat']['spread'] == 0
    assert stats['sharp']['noise']['spread'] > 50  # uniform noise: ~74
    assert stats['sharp']['flat']['rgb'] == [120.0, 80.0, 40.0]
    assert np.allclose(stats['blur']['flat']['rgb'], [120, 80, 40], atol=1)
    # blurring the noise class removes most of its fine detail
    assert stats['blur']['noise']['texture'] < \
        0.5 * stats['sharp']['noise']['texture']
    assert stats['sharp']['flat']['nearest'] == 'noise'
    # the 2 columns by the class border are left out (mask eroded)
    assert stats['sharp']['flat']['pixels'] == 48 * 30


def synthetic_folder(root, sources, label_augment=None):
    """A tools/synthesize.py-style folder holding one rendering per pair."""
    os.makedirs(osp.join(root, 'img_dir', 'train'))
    for pair_id in sources:
        cv2.imwrite(osp.join(root, 'img_dir', 'train', f'{pair_id}.png'),
                    np.full((24, 32, 3), 200, np.uint8))
    with open(osp.join(root, 'manifest.json'), 'w') as f:
        json.dump(dict(classes=['flat', 'noise'], palette=[[0, 0, 0],
                       [255, 255, 255]], files={}, sources=sources,
                       label_augment=label_augment), f)
    return root


def test_side_by_side_real_synthetic_and_map(tmp_path):
    seg = np.zeros((48, 64), np.uint8)
    seg[:, 32:] = 1
    real = [(str(tmp_path / 'a.jpg'), str(tmp_path / 'a.png'))]
    cv2.imwrite(real[0][0], np.full((48, 64, 3), 50, np.uint8))
    cv2.imwrite(real[0][1], seg)
    plain = synthetic_folder(str(tmp_path / 'plain'),
                             {'000000': 'a.png', '000001': 'a.png'})
    augmented = synthetic_folder(str(tmp_path / 'aug'), {'000000': 'a.png'},
                                 label_augment=dict(paste_prob=0.5))
    grid = class_texture.side_by_side(real, [plain, augmented], 4, (32, 24),
                                      [[0, 0, 0], [255, 255, 255]])
    # one map: real | its first rendering | label map (augmented: left out)
    assert grid.shape == (24, 3 * 32, 3)
    assert (grid[:, :32] == 50).all() and (grid[:, 32:64] == 200).all()
    assert (grid[:, 64:80] == 0).all() and (grid[:, 80:] == 255).all()
    with pytest.raises(SystemExit, match='label augmentation'):
        class_texture.side_by_side(real, [augmented], 4, (32, 24), None)
