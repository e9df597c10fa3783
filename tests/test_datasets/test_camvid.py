import os.path as osp

import numpy as np
import pytest
from conftest import CAMVID_ROOT
from mmseg.registry import DATASETS

pytestmark = pytest.mark.skipif(
    not osp.isdir(CAMVID_ROOT),
    reason=f'real CamVid not found at {osp.abspath(CAMVID_ROOT)}')


@pytest.mark.parametrize('split,count', [('train', 367), ('val', 101)])
def test_camvid_reads_real_data(split, count):
    ds = DATASETS.build(
        dict(
            type='CamVidDataset',
            data_root=CAMVID_ROOT,
            data_prefix=dict(
                img_path=f'img_dir/{split}', seg_map_path=f'ann_dir/{split}'),
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(type='LoadAnnotations'),
                dict(type='PackSegInputs')
            ]))
    assert len(ds) == count
    assert len(ds.metainfo['classes']) == 11
    sample = ds[0]
    assert tuple(sample['inputs'].shape) == (3, 360, 480)
    values = set(np.unique(sample['data_samples'].gt_sem_seg.data.numpy()))
    assert values <= set(range(11)) | {255}
    assert len(values) > 3
