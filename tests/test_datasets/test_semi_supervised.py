"""SemiSupervisedSegDataset: labeled + unlabeled images per sample."""
import os.path as osp

import numpy as np
import pytest
from mmseg.registry import DATASETS

from mmseg_gan.datasets import label_free_pipeline

PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomCrop', crop_size=(32, 32), cat_max_ratio=0.75),
    dict(type='PackSegInputs')
]


def _train(demo_root, pipeline=PIPELINE):
    return dict(
        type='CityscapesDataset',
        data_root=demo_root,
        data_prefix=dict(
            img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
        pipeline=pipeline)


def _split_names(ds, indices):
    """mmseg ann_file names: relative to img_dir, without the suffix."""
    root = ds.labeled.data_prefix['img_path']
    return sorted(
        osp.relpath(ds.labeled.get_data_info(int(i))['img_path'],
                    root).replace('_leftImg8bit.png', '') for i in indices)


def test_fraction_split_is_seeded_disjoint_and_complete(demo_root):
    cfg = dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
               labeled_fraction=1 / 3, seed=1)
    ds, again = DATASETS.build(cfg), DATASETS.build(cfg)
    other = DATASETS.build(dict(cfg, seed=2))
    lab, unl = ds._labeled_index, ds._unlabeled_index
    assert len(lab) == 2 and len(unl) == 4 and len(ds) == 4
    assert not set(lab) & set(unl) and len(set(lab) | set(unl)) == 6
    np.testing.assert_array_equal(lab, again.labeled_indices)
    assert not np.array_equal(lab, other.labeled_indices)


def test_unlabeled_half_carries_no_label(demo_root):
    ds = DATASETS.build(
        dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
             labeled_fraction=0.5))
    for idx in range(len(ds)):
        item = ds[idx]
        assert 'gt_sem_seg' in item['data_samples']
        assert 'gt_sem_seg' not in item['unlabeled_data_samples']
        assert tuple(item['unlabeled_inputs'].shape) == (3, 32, 32)
        lab_img = item['data_samples'].img_path
        unl_img = item['unlabeled_data_samples'].img_path
        assert lab_img != unl_img
    # withheld labels are never read: no LoadAnnotations, no label-based crop
    free = label_free_pipeline(PIPELINE)
    assert [t['type'] for t in free] == [
        'LoadImageFromFile', 'RandomCrop', 'PackSegInputs']
    assert free[1]['cat_max_ratio'] == 1.0


def test_split_file(demo_root, tmp_path):
    ds = DATASETS.build(
        dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
             labeled_fraction=0.5, seed=0))
    split = tmp_path / 'split.txt'
    split.write_text('\n'.join(_split_names(ds, ds.labeled_indices)) + '\n')
    by_file = DATASETS.build(
        dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
             labeled_split=str(split)))
    np.testing.assert_array_equal(by_file.labeled_indices,
                                  ds.labeled_indices)
    split.write_text('aachen/not_an_image\n')
    with pytest.raises(ValueError, match='not_an_image'):
        DATASETS.build(
            dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
                 labeled_split=str(split)))


def test_separate_unlabeled_dataset(demo_root):
    unlabeled = dict(
        type='CityscapesDataset',
        data_root=demo_root,
        data_prefix=dict(img_path='leftImg8bit/val', seg_map_path=''),
        pipeline=label_free_pipeline(PIPELINE))
    ds = DATASETS.build(
        dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
             unlabeled=unlabeled))
    assert len(ds) == 6  # max(6 labeled, 3 unlabeled)
    assert '/val/' in ds[4]['unlabeled_data_samples'].img_path


def test_no_unlabeled_data_is_a_clear_error(demo_root):
    with pytest.raises(ValueError, match='no unlabeled data'):
        DATASETS.build(dict(type='SemiSupervisedSegDataset',
                            labeled=_train(demo_root)))
    with pytest.raises(ValueError, match='LoadAnnotations'):
        DATASETS.build(
            dict(type='SemiSupervisedSegDataset', labeled=_train(demo_root),
                 labeled_fraction=0.5, unlabeled_pipeline=PIPELINE))
