import itertools
import json
import os
import os.path as osp
import shutil

import numpy as np
import pytest
from conftest import run_tool, synthesize_options
from mmengine.dataset import InfiniteSampler
from mmseg.registry import DATASETS

PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=(128, 64), keep_ratio=False),
    dict(type='PackSegInputs')
]


@pytest.fixture(scope='module')
def synthetic_root(demo_root, demo_spade, tmp_path_factory):
    cfg, ckpt = demo_spade
    out = str(tmp_path_factory.mktemp('syn') / 'demo_synthetic')
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=5))
    return out


def _real(demo_root):
    return dict(
        type='CityscapesDataset',
        data_root=demo_root,
        data_prefix=dict(
            img_path='leftImg8bit/train', seg_map_path='gtFine/train'))


def _wrapper(demo_root, synthetic_root, ratio=0.25, **kw):
    return DATASETS.build(
        dict(type='GANAugmentedDataset', real=_real(demo_root),
             synthetic=dict(type='SyntheticSegDataset',
                            data_root=synthetic_root),
             synthetic_ratio=ratio, pipeline=PIPELINE, **kw))


def test_length_ratio_and_coverage(demo_root, synthetic_root):
    ds = _wrapper(demo_root, synthetic_root, ratio=0.25)
    # 6 real at ratio 0.25 give 2 synthetic slots for 5 sources: the pass
    # repeats the real set 3x so that every source is reached
    assert ds.repeat == 3 and len(ds) == 24
    flags = [ds.is_synthetic(i) for i in range(len(ds))]
    assert sum(flags) == 6
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    real_paths = [info['img_path'] for info, f in zip(infos, flags) if not f]
    assert len(real_paths) == 18 and all(
        real_paths.count(p) == 3 for p in set(real_paths))
    assert len(set(real_paths)) == 6  # every real sample equally often
    syn_paths = {info['img_path'] for info, f in zip(infos, flags) if f}
    assert len(syn_paths) == 5  # every synthetic source has a slot
    sample = ds[flags.index(True)]
    assert sample['data_samples'].metainfo['is_synthetic'] is True
    assert 'demo_synthetic' in sample['data_samples'].metainfo['img_path']
    assert tuple(sample['inputs'].shape) == (3, 64, 128)
    big = _wrapper(demo_root, synthetic_root, ratio=0.75)
    assert big.repeat == 1 and len(big) == 24 and sum(
        big.is_synthetic(i) for i in range(24)) == 18  # sources cycle


def test_seeded_sampler_is_deterministic(demo_root, synthetic_root):
    ds = _wrapper(demo_root, synthetic_root, ratio=0.5)

    def order(seed):
        it = iter(InfiniteSampler(ds, shuffle=True, seed=seed))
        return [(i, ds.get_data_info(i)['img_path'])
                for i in (next(it) for _ in range(20))]

    assert order(3) == order(3)
    assert order(3) != order(4)


def test_lazy_init_defers_loading(demo_root, synthetic_root):
    ds = _wrapper(demo_root, synthetic_root, lazy_init=True)
    assert not ds._fully_initialized
    assert len(ds) == 24 and ds._fully_initialized


def test_metainfo_mismatch_lists_differences(demo_root, synthetic_root,
                                             tmp_path):
    bad = str(tmp_path / 'syn')
    shutil.copytree(synthetic_root, bad)
    path = osp.join(bad, 'manifest.json')
    manifest = json.load(open(path))
    manifest['classes'][3] = 'not-a-wall'
    json.dump(manifest, open(path, 'w'))
    with pytest.raises(ValueError) as err:
        _wrapper(demo_root, bad)
    assert "classes[3]: real 'wall' != synthetic 'not-a-wall'" in str(
        err.value)


def test_missing_label_is_named(synthetic_root, tmp_path):
    bad = str(tmp_path / 'syn')
    shutil.copytree(synthetic_root, bad)
    os.remove(osp.join(bad, 'ann_dir', 'train', '000002.png'))
    with pytest.raises(FileNotFoundError, match='000002.png'):
        DATASETS.build(dict(type='SyntheticSegDataset', data_root=bad))


def test_unreadable_image_is_named(synthetic_root, tmp_path):
    bad = str(tmp_path / 'syn')
    shutil.copytree(synthetic_root, bad)
    with open(osp.join(bad, 'img_dir', 'train', '000001.png'), 'wb') as f:
        f.write(b'not a png')
    with pytest.raises(ValueError, match='img_dir/train/000001.png'):
        DATASETS.build(dict(type='SyntheticSegDataset', data_root=bad))


def test_synthetic_labels_are_valid(synthetic_root):
    ds = DATASETS.build(
        dict(type='SyntheticSegDataset', data_root=synthetic_root,
             pipeline=PIPELINE[:2] + [PIPELINE[-1]]))
    assert len(ds) == 5
    values = set(np.unique(ds[0]['data_samples'].gt_sem_seg.data.numpy()))
    assert values <= set(range(19)) | {255}


def test_ignore_classes_load_as_ignore_index(synthetic_root):
    pipeline = PIPELINE[:2] + [PIPELINE[-1]]

    def labels(**kw):
        ds = DATASETS.build(dict(type='SyntheticSegDataset',
                                 data_root=synthetic_root, pipeline=pipeline,
                                 **kw))
        return ds, ds[0]['data_samples'].gt_sem_seg.data.numpy()

    ds, plain = labels()
    ids, counts = np.unique(plain[plain < 255], return_counts=True)
    dropped = [int(i) for i in ids[np.argsort(counts)[-2:]]]
    names = [ds.metainfo['classes'][i] for i in dropped]
    ds, filtered = labels(ignore_classes=[names[0], dropped[1]])
    assert ds.ignore_classes == sorted(dropped)
    gone = np.isin(plain, dropped)
    assert gone.any() and (filtered[gone] == 255).all()
    assert (filtered[~gone] == plain[~gone]).all()  # the rest is untouched
    with pytest.raises(ValueError, match=r"entry 'Tree' is not a class"):
        labels(ignore_classes=['Tree'])


def _sampler(ds, batch_size=2, seed=0, **kw):
    from mmseg.registry import DATA_SAMPLERS
    return DATA_SAMPLERS.build(
        dict(type='SyntheticRatioBatchSampler', **kw),
        default_args=dict(sampler=InfiniteSampler(ds, seed=seed),
                          batch_size=batch_size))


def _stream(batch_sampler, n):
    """The first ``n`` indices, batch after batch."""
    return list(itertools.islice(itertools.chain.from_iterable(
        batch_sampler), n))


class _EveryThird:
    """Index ``i`` is synthetic when ``i % 3 == 0`` (12 indices)."""

    def __len__(self):
        return 12

    def is_synthetic(self, i):
        return i % 3 == 0


def test_ratio_sampler_stream_is_pinned():
    """The index stream of the former ``SyntheticRatioSampler`` (index
    sampler with a copied ``batch_size``) for the same seed, so resumed
    runs and the measured rows draw the same samples."""
    linear = _sampler(_EveryThird(), ratio=(0.5, 0.0), end=10)
    assert _stream(linear, 32) == [
        7, 9, 1, 11, 6, 5, 0, 4, 8, 3, 2, 10, 8, 2, 0, 4, 11, 10, 5, 7, 1,
        10, 5, 11, 4, 7, 2, 8, 1, 2, 4, 1]
    step = _sampler(_EveryThird(), batch_size=3, seed=5, ratio=(1.0, 0.0),
                    end=4, schedule='step')
    assert _stream(step, 24) == [
        9, 3, 0, 6, 3, 9, 6, 0, 0, 9, 6, 3, 7, 2, 4, 1, 5, 8, 10, 11, 11,
        10, 1, 4]
    assert all(len(b) == 3 for b in itertools.islice(step, 10))


def test_ratio_sampler_follows_its_schedule(demo_root, synthetic_root):
    ds = _wrapper(demo_root, synthetic_root, ratio=0.5)
    sampler = _sampler(ds, ratio=(0.5, 0.0), end=10)
    idx = _stream(sampler, 60)
    flags = [ds.is_synthetic(i) for i in idx]
    # the share decays 0.5 -> 0 over iterations 0..10 (2 samples each)
    owed = np.cumsum([sampler.ratio_at(n // 2) for n in range(60)])
    assert np.array_equal(np.cumsum(flags), np.floor(owed + 1e-9))
    assert sum(flags[:8]) >= 3 and not any(flags[20:])
    real = [i for i, f in zip(idx, flags) if not f]
    assert set(real[:len(sampler.real_indices)]) == set(
        sampler.real_indices)  # real cycle: each once before repeating
    again = _sampler(ds, ratio=(0.5, 0.0), end=10)
    assert _stream(again, 60) == idx  # a pure function of seed
    step = _sampler(ds, ratio=(1.0, 0.0), end=3, schedule='step')
    flags = [ds.is_synthetic(i) for i in _stream(step, 12)]
    assert flags == [True] * 6 + [False] * 6


def test_ratio_sampler_feeds_a_runner_dataloader(demo_root, synthetic_root):
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner
    init_default_scope('mmseg')
    loader = Runner.build_dataloader(
        dict(batch_size=2, num_workers=0,
             sampler=dict(type='InfiniteSampler', shuffle=True),
             batch_sampler=dict(type='SyntheticRatioBatchSampler',
                                ratio=(1.0, 0.0), end=1, schedule='step'),
             dataset=dict(
                 type='GANAugmentedDataset', real=_real(demo_root),
                 synthetic=dict(type='SyntheticSegDataset',
                                data_root=synthetic_root),
                 synthetic_ratio=0.5, pipeline=PIPELINE)),
        seed=0)
    batches = iter(loader)
    first, second = next(batches), next(batches)
    assert [s.metainfo['is_synthetic'] for s in first['data_samples']] == [
        True, True]
    assert [s.metainfo['is_synthetic'] for s in second['data_samples']] == [
        False, False]


def test_ratio_sampler_refuses_bad_settings(demo_root, synthetic_root):
    ds = _wrapper(demo_root, synthetic_root, ratio=0.5)
    with pytest.raises(TypeError, match='needs a GANAugmentedDataset'):
        _sampler(DATASETS.build(dict(_real(demo_root), pipeline=PIPELINE)))
    with pytest.raises(ValueError, match=r'ratio must be two shares'):
        _sampler(ds, ratio=(1.5, 0.0))
    with pytest.raises(ValueError, match='0 <= begin < end'):
        _sampler(ds, end=0)
    with pytest.raises(ValueError, match="'linear' or 'step'"):
        _sampler(ds, schedule='cosine')
