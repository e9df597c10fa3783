"""CheckLabelRange and its insertion into training pipelines."""
import numpy as np
import pytest
from mmengine.config import Config
from mmseg.registry import TRANSFORMS

from mmseg_gan.datasets.transforms import insert_label_checks


def _check(num_classes=19):
    return TRANSFORMS.build(dict(type='CheckLabelRange',
                                 num_classes=num_classes))


def test_labels_in_range_and_ignore_pass():
    seg = np.full((8, 8), 255, np.uint8)
    seg[:4] = 18
    results = dict(gt_seg_map=seg, seg_map_path='a.png')
    assert _check()(results) is results


def test_out_of_range_value_names_the_file_and_value():
    seg = np.zeros((8, 8), np.uint8)
    seg[7, 7] = 50
    with pytest.raises(ValueError, match=r'b\.png holds value\(s\) 50: '
                       r'expected 0\.\.18 .* or 255'):
        _check()(dict(gt_seg_map=seg, seg_map_path='b.png'))


def test_inserted_after_every_load_annotations_of_training():
    cfg = Config(dict(
        model=dict(decode_head=dict(num_classes=11)),
        train_dataloader=dict(dataset=dict(
            type='GANAugmentedDataset',
            real=dict(pipeline=[dict(type='LoadImageFromFile'),
                                dict(type='LoadAnnotations'),
                                dict(type='PackSegInputs')]),
            synthetic=dict(pipeline=[dict(type='LoadAnnotations')]))),
        val_dataloader=dict(dataset=dict(
            pipeline=[dict(type='LoadAnnotations')]))))
    assert insert_label_checks(cfg) == 2
    real = cfg.train_dataloader.dataset.real.pipeline
    assert [t['type'] for t in real] == [
        'LoadImageFromFile', 'LoadAnnotations', 'CheckLabelRange',
        'PackSegInputs']
    assert real[2]['num_classes'] == 11
    assert len(cfg.val_dataloader.dataset.pipeline) == 1  # training only
    assert insert_label_checks(cfg) == 0  # idempotent
