import glob
import os.path as osp

import numpy as np
from mmcv import imread
from mmseg.datasets import CityscapesDataset

from mmseg_gan.datasets import generate_demo_cityscapes
from mmseg_gan.datasets.demo_cityscapes import (
    TRAINID_TO_LABELID,
    trainid_to_labelid,
)


def test_layout_and_labels(demo_root):
    for split, count in (('train', 6), ('val', 3), ('test', 2)):
        imgs = sorted(glob.glob(
            osp.join(demo_root, 'leftImg8bit', split, '*',
                     '*_leftImg8bit.png')))
        assert len(imgs) == count
        for img_path in imgs:
            stem = img_path.replace('leftImg8bit', 'gtFine', 1)[:-len(
                '_leftImg8bit.png')]
            img = imread(img_path)
            train_ids = imread(stem + '_gtFine_labelTrainIds.png',
                               flag='unchanged')
            label_ids = imread(stem + '_gtFine_labelIds.png',
                               flag='unchanged')
            assert img.shape == (64, 128, 3) and img.dtype == np.uint8
            assert train_ids.shape == (64, 128)
            values = set(np.unique(train_ids).tolist())
            assert values <= set(range(19)) | {255}
            # A street scene: at least sky, road and one more class.
            assert {0, 10} <= values and len(values) >= 4
            np.testing.assert_array_equal(label_ids,
                                          trainid_to_labelid(train_ids))


def test_images_are_textured_not_flat(demo_root):
    img = imread(glob.glob(
        osp.join(demo_root, 'leftImg8bit', 'train', '*', '*.png'))[0])
    lbl = imread(glob.glob(
        osp.join(demo_root, 'gtFine', 'train', '*',
                 '*_labelTrainIds.png'))[0], flag='unchanged')
    sky = img[lbl == 10].astype(np.float32)
    assert sky.std(axis=0).mean() > 3.0  # noise and gradient, not flat


def test_deterministic_and_seed_dependent(tmp_path):
    kw = dict(num_train=2, num_val=1, num_test=0, size=(32, 64))
    a = generate_demo_cityscapes(str(tmp_path / 'a'), seed=3, **kw)
    b = generate_demo_cityscapes(str(tmp_path / 'b'), seed=3, **kw)
    c = generate_demo_cityscapes(str(tmp_path / 'c'), seed=4, **kw)
    files = sorted(
        osp.relpath(p, a)
        for p in glob.glob(osp.join(a, '**', '*.png'), recursive=True))
    assert len(files) == 9
    for rel in files:
        with open(osp.join(a, rel), 'rb') as fa, \
                open(osp.join(b, rel), 'rb') as fb:
            assert fa.read() == fb.read()
    first = files[0]
    assert imread(osp.join(a, first)).tobytes() != imread(
        osp.join(c, first)).tobytes()


def test_regeneration_is_skipped_when_complete(tmp_path):
    root = str(tmp_path / 'd')
    kw = dict(num_train=1, num_val=1, num_test=0, size=(32, 64))
    generate_demo_cityscapes(root, **kw)
    marker = osp.join(root, 'gtFine', 'keep.txt')
    open(marker, 'w').close()
    generate_demo_cityscapes(root, **kw)
    assert osp.exists(marker)  # untouched: same parameters
    generate_demo_cityscapes(root, seed=1, **kw)
    assert not osp.exists(marker)  # rebuilt: other parameters


def test_stock_cityscapes_dataset_reads_it(demo_root):
    ds = CityscapesDataset(
        data_root=demo_root,
        data_prefix=dict(
            img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations'),
            dict(type='PackSegInputs')
        ])
    assert len(ds) == 6
    sample = ds[0]
    assert tuple(sample['inputs'].shape) == (3, 64, 128)
    assert sample['data_samples'].gt_sem_seg.data.max() <= 255


def test_labelid_table_matches_cityscapes():
    assert len(TRAINID_TO_LABELID) == len(CityscapesDataset.METAINFO[
        'classes'])
    assert TRAINID_TO_LABELID[0] == 7 and TRAINID_TO_LABELID[-1] == 33
