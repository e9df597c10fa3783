"""HeldOutSegDataset: a held-out labelled sample beside each training one."""
import os.path as osp

import pytest
from conftest import REPO
from mmengine.dataset import pseudo_collate
from mmseg.registry import DATASETS

PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomCrop', crop_size=(32, 32), cat_max_ratio=0.75),
    dict(type='PackSegInputs')
]
NAMES = [f'{city}/{city}_{i:06d}_000019' for i in range(3)
         for city in ('aachen', 'bochum')]  # the 6 demo training images


def _split(tmp_path, name, names):
    path = tmp_path / f'{name}.txt'
    path.write_text('\n'.join(names) + '\n')
    return str(path)


def _dataset(demo_root, ann_file):
    return dict(
        type='CityscapesDataset',
        data_root=demo_root,
        data_prefix=dict(
            img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
        ann_file=ann_file,
        pipeline=PIPELINE)


def test_each_sample_carries_a_held_out_one(demo_root, tmp_path):
    train = _split(tmp_path, 'train', NAMES[:4])
    held = _split(tmp_path, 'held', NAMES[4:])
    ds = DATASETS.build(
        dict(type='HeldOutSegDataset', train=_dataset(demo_root, train),
             held_out=_dataset(demo_root, held)))
    assert len(ds) == 4
    assert ds.metainfo['classes'] == ds.train.metainfo['classes']
    seen = []
    for i in range(len(ds)):
        item = ds[i]
        assert tuple(item['held_out_inputs'].shape) == (3, 32, 32)
        assert 'gt_sem_seg' in item['held_out_data_samples']
        path = item['held_out_data_samples'].img_path
        # held-out i % 2, in order
        assert NAMES[4 + i % 2] + '_leftImg8bit.png' in path
        assert osp.basename(item['data_samples'].img_path) != \
            osp.basename(path)
        seen.append(item)
    # mmengine's default collate keeps the extra keys
    batch = pseudo_collate(seen[:2])
    assert len(batch['held_out_inputs']) == 2
    assert len(batch['held_out_data_samples']) == 2


def test_overlapping_splits_are_refused_naming_both_files(demo_root,
                                                          tmp_path):
    train = _split(tmp_path, 'train', NAMES[:4])
    held = _split(tmp_path, 'held', NAMES[3:])
    with pytest.raises(ValueError) as err:
        DATASETS.build(
            dict(type='HeldOutSegDataset', train=_dataset(demo_root, train),
                 held_out=_dataset(demo_root, held)))
    msg = str(err.value)
    assert train in msg and held in msg and 'bochum_000001' in msg
    # a training set without ann_file (every image) overlaps as well
    with pytest.raises(ValueError, match='no ann_file'):
        DATASETS.build(
            dict(type='HeldOutSegDataset', train=_dataset(demo_root, ''),
                 held_out=_dataset(demo_root, held)))


@pytest.mark.parametrize('budget', [2, 5, 10])
def test_committed_drive_splits_partition_the_labelled_budget(budget):
    """configs/drive/splits/e2e_*: train + held-out is train_{k}of20, the
    two do not overlap, and the smaller budgets' sets are nested in the
    larger ones'."""
    def names(name):
        with open(osp.join(REPO, 'configs', 'drive', 'splits', name)) as f:
            return {line.strip() for line in f if line.strip()}

    train = names(f'e2e_{budget}of20_train.txt')
    held = names(f'e2e_{budget}of20_heldout.txt')
    assert train and held and not train & held
    assert train | held == names(f'train_{budget}of20.txt')
    for smaller in (b for b in (2, 5, 10) if b < budget):
        assert names(f'e2e_{smaller}of20_train.txt') <= train
        assert names(f'e2e_{smaller}of20_heldout.txt') <= held
