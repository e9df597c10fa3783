"""LoadFOVMask and fov_mask_path on a tiny DRIVE-layout folder."""
import os
import os.path as osp

import numpy as np
import pytest
from conftest import REPO
from mmengine.config import Config
from mmseg.registry import DATASETS, TRANSFORMS
from PIL import Image

from mmseg_gan.datasets.transforms import fov_mask_path, load_fov_mask

DRIVE_ROOT = osp.join(REPO, '..', 'shared', 'data', 'drive')
DRIVE_CFG = osp.join(REPO, 'configs', 'drive',
                     'unet-s5-d16_fcn_1xb4-40k_drive-64x64.py')
SPLITS = {'training': ['21', '22', '23'], 'validation': ['01', '02']}


def fov_disc(h, w):
    """A centred elliptic field of view, 0/1 uint8."""
    yy, xx = np.mgrid[:h, :w]
    return (((yy - (h - 1) / 2) / (h / 2 - 1)) ** 2 +
            ((xx - (w - 1) / 2) / (w / 2 - 1)) ** 2 <= 1).astype(np.uint8)


def make_tiny_drive(root, size=(24, 20), seed=0):
    """DRIVE in mmseg's layout, tiny: ``images/<split>/NN.png`` (RGB),
    ``annotations/<split>/NN_manual1.png`` (0/1) and
    ``masks/<split>/NN_mask.png`` (0/1) for :data:`SPLITS`.

    Vessels are random dark lines inside the FOV; outside it the image is
    black. Returns ``root`` as a string.
    """
    rng = np.random.default_rng(seed)
    h, w = size
    fov = fov_disc(h, w)
    for split, names in SPLITS.items():
        for sub in ('images', 'annotations', 'masks'):
            os.makedirs(osp.join(root, sub, split), exist_ok=True)
        for name in names:
            vessel = np.zeros((h, w), np.uint8)
            vessel[rng.integers(3, h - 3), :] = 1
            vessel[:, rng.integers(3, w - 3)] = 1
            rows = np.arange(h)
            vessel[rows, (rows * w // h + rng.integers(0, 4)) % w] = 1
            vessel *= fov
            img = np.stack([np.full((h, w), v, np.float64)
                            for v in (180, 90, 40)], axis=-1)
            img[vessel == 1] *= 0.4
            img += rng.normal(0, 8, img.shape)
            img = np.clip(img, 0, 255).astype(np.uint8) * fov[..., None]
            Image.fromarray(img).save(
                osp.join(root, 'images', split, f'{name}.png'))
            Image.fromarray(vessel).save(
                osp.join(root, 'annotations', split, f'{name}_manual1.png'))
            Image.fromarray(fov).save(
                osp.join(root, 'masks', split, f'{name}_mask.png'))
    return str(root)


@pytest.fixture
def drive_root(tmp_path):
    return make_tiny_drive(tmp_path / 'DRIVE')


def drive_dataset(root, steps, split='training'):
    return DATASETS.build(dict(
        type='DRIVEDataset', data_root=root,
        data_prefix=dict(img_path=f'images/{split}',
                         seg_map_path=f'annotations/{split}'),
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadAnnotations')] + steps))


def test_mask_path_rule():
    assert fov_mask_path('data/DRIVE/images/validation/01.png') == \
        'data/DRIVE/masks/validation/01_mask.png'
    # the last 'images' folder is the one replaced
    assert fov_mask_path('/d/images/DRIVE/images/training/21.png') == \
        '/d/images/DRIVE/masks/training/21_mask.png'
    # DRIVE's own zip layout: training/images/21_training.tif
    assert fov_mask_path('DRIVE/training/images/21_training.tif',
                         mask_dir='mask', mask_suffix='_mask.gif') == \
        'DRIVE/training/mask/21_training_mask.gif'
    with pytest.raises(ValueError, match=r"no folder 'images'"):
        fov_mask_path('data/DRIVE/img/01.png')


def test_ignore_outside_sets_label_outside_fov_to_255(drive_root):
    plain = drive_dataset(drive_root, [])
    ds = drive_dataset(drive_root, [dict(type='LoadFOVMask',
                                         ignore_outside=True)])
    assert len(ds) == 3
    for i in range(len(ds)):
        raw, res = plain[i], ds[i]
        fov = np.array(Image.open(fov_mask_path(res['img_path'])))
        assert res['fov_mask_path'] == fov_mask_path(res['img_path'])
        np.testing.assert_array_equal(res['fov_mask'], fov)
        assert res['fov_mask'].dtype == np.uint8
        assert 0 < fov.sum() < fov.size
        gt = res['gt_seg_map']
        assert (gt[fov == 0] == 255).all()
        np.testing.assert_array_equal(gt[fov == 1], raw['gt_seg_map'][
            fov == 1])
        assert set(np.unique(gt[fov == 1])) == {0, 1}
        assert 'fov_mask' in res['seg_fields']


def test_without_ignore_only_loads_and_moves_with_the_label(drive_root):
    flipped = drive_dataset(drive_root, [
        dict(type='LoadFOVMask'),
        dict(type='RandomFlip', prob=1.0, direction='horizontal')])
    plain = drive_dataset(drive_root, [])
    res, raw = flipped[0], plain[0]
    np.testing.assert_array_equal(res['gt_seg_map'],
                                  raw['gt_seg_map'][:, ::-1])
    fov = np.array(Image.open(fov_mask_path(raw['img_path'])))
    np.testing.assert_array_equal(res['fov_mask'], fov[:, ::-1])


def test_mask_of_0_and_255_reads_as_0_and_1(tmp_path):
    path = str(tmp_path / 'm.png')
    Image.fromarray(fov_disc(10, 8) * 255).save(path)
    np.testing.assert_array_equal(load_fov_mask(path), fov_disc(10, 8))


def test_missing_mask_names_the_file(drive_root):
    ds = drive_dataset(drive_root, [dict(type='LoadFOVMask',
                                         ignore_outside=True)])
    want = fov_mask_path(ds.get_data_info(1)['img_path'])
    os.remove(want)
    with pytest.raises(FileNotFoundError) as err:
        ds[1]
    assert f"FOV mask '{want}' of image " in str(err.value)
    assert str(err.value).count('does not exist') == 1


def test_ignore_outside_before_load_annotations_is_refused(drive_root):
    step = TRANSFORMS.build(dict(type='LoadFOVMask', ignore_outside=True))
    img_path = osp.join(drive_root, 'images', 'training', '21.png')
    with pytest.raises(ValueError, match='after LoadAnnotations'):
        step(dict(img_path=img_path, ori_shape=(24, 20)))
    loaded = TRANSFORMS.build(dict(type='LoadFOVMask'))(
        dict(img_path=img_path, ori_shape=(24, 20)))
    assert loaded['fov_mask'].shape == (24, 20)


def test_mask_of_another_size_is_refused(drive_root):
    resized = drive_dataset(drive_root, [
        dict(type='Resize', scale=(48, 40), keep_ratio=True),
        dict(type='LoadFOVMask')])
    with pytest.raises(ValueError, match=r'is 24x20 but label map .* is '
                       r'48x40: LoadFOVMask must come before'):
        resized[0]


@pytest.mark.skipif(not osp.isdir(DRIVE_ROOT),
                    reason=f'real DRIVE not found at '
                    f'{osp.abspath(DRIVE_ROOT)}')
def test_drive_config_finds_20_test_images_and_their_masks():
    cfg = Config.fromfile(DRIVE_CFG)
    cfg.test_dataloader.dataset.data_root = DRIVE_ROOT
    ds = DATASETS.build(cfg.test_dataloader.dataset)
    assert len(ds) == 20
    paths = [ds.get_data_info(i)['img_path'] for i in range(len(ds))]
    missing = [p for p in paths if not osp.isfile(fov_mask_path(p))]
    assert not missing
    info = ds.get_data_info(0)
    info['gt_seg_map'] = np.array(Image.open(info['seg_map_path']))
    res = TRANSFORMS.build(dict(type='LoadFOVMask'))(info)
    assert res['fov_mask'].shape == (584, 565)
    assert 0.6 < res['fov_mask'].mean() < 0.8  # the FOV: ~69% of the frame
