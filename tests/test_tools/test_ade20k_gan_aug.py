"""ADE20K GAN-aug end to end, on tiny generated ADE20K-layout data: the
shipped SPADE config renders a folder (labels reduced as ADE20K's
``reduce_zero_label`` says), the shipped GAN-aug config trains on it with
the real samples' ``LoadAnnotations(reduce_zero_label=True)``, and every
synthetic label reaches the segmentor exactly as its real source does after
the reduction, pixel by pixel. A raw annotation folder as ``--label-source``
is reduced as the config says, or refused with one line naming the file and
leaving nothing behind."""
import json
import os
import os.path as osp
import shutil

import mmcv
import numpy as np
import pytest
from conftest import REPO, run_tool
from mmengine.config import Config
from mmseg.registry import DATASETS

pytestmark = pytest.mark.slow

ADE_SPADE = osp.join(REPO, 'configs', 'synthesis',
                     'spade_1xb4-20k_ade20k-256x256.py')
ADE_GAN_AUG = osp.join(REPO, 'configs', 'gan_aug',
                       'gan-aug_deeplabv3plus_r50-d8_4xb4-80k_ade20k-512x512.py')
SIZE = 64
NAMES = ('ade_a', 'ade_b', 'ade_c', 'ade_d')


def _reduce(raw):
    """ADE20K's reduce_zero_label, written out: 0 -> 255, k -> k - 1."""
    out = raw.astype(np.int64) - 1
    out[raw == 0] = 255
    return out.astype(np.uint8)


def _make_ade(root):
    """images/training/*.jpg and annotations/training/*.png holding the
    file values 0 ("other") to 150 (the last class) in 8x8 blocks."""
    rng = np.random.default_rng(0)
    for name in NAMES:
        blocks = rng.integers(0, 151, (SIZE // 8, SIZE // 8))
        blocks[0, 0], blocks[0, 1], blocks[1, 0] = 0, 150, 1
        raw = np.kron(blocks, np.ones((8, 8), np.int64)).astype(np.uint8)
        img = (rng.integers(0, 256, (151, 3))[raw]
               + rng.integers(0, 20, (SIZE, SIZE, 3))).clip(0, 255)
        mmcv.imwrite(img.astype(np.uint8),
                     osp.join(root, 'images', 'training', f'{name}.jpg'))
        mmcv.imwrite(raw, osp.join(root, 'annotations', 'training',
                                   f'{name}.png'))


def _raw(root, name):
    return mmcv.imread(osp.join(root, 'annotations', 'training',
                                name), flag='unchanged')


def _spade_options(root):
    """The shipped ADE20K SPADE with 150 classes at tiny widths, 64x64."""
    return [
        f'train_dataloader.dataset.data_root={root}',
        f'test_dataloader.dataset.data_root={root}',
        f'train_dataloader.dataset.pipeline.2.scale=({SIZE},{SIZE})',
        f'test_dataloader.dataset.pipeline.2.scale=({SIZE},{SIZE})',
        'model.generator.base_channels=4',
        'model.generator.channel_multipliers=(8,8,4,2,1)',
        'model.generator.upsample_after=None',
        'model.discriminator.base_channels=8', 'model.perceptual_loss=None',
    ]


def _synthesize(gan, out, *extra, check=True):
    root, ckpt = gan
    return run_tool('tools/synthesize.py', ADE_SPADE, ckpt, '--out', out,
                    '--batch-size', 2, '--device', 'cpu', '--preview', 0,
                    *extra, '--cfg-options', *_spade_options(root),
                    check=check)


@pytest.fixture(scope='module')
def ade_spade(tmp_path_factory):
    """``(data_root, checkpoint)``: the shipped ADE20K SPADE config trained
    one iteration on the tiny ADE20K-layout folder."""
    root = str(tmp_path_factory.mktemp('ade') / 'ADEChallengeData2016')
    _make_ade(root)
    work_dir = str(tmp_path_factory.mktemp('ade_spade'))
    run_tool('tools/train.py', ADE_SPADE, '--work-dir', work_dir,
             '--cfg-options', *_spade_options(root),
             'train_dataloader.batch_size=2',
             'train_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False',
             'train_cfg.max_iters=1', 'default_hooks.checkpoint.interval=1')
    return root, osp.join(work_dir, 'iter_1.pth')


@pytest.fixture(scope='module')
def ade_synthetic(ade_spade, tmp_path_factory):
    """The shipped synthesizer's folder (label source: its train split)."""
    out = str(tmp_path_factory.mktemp('ade_syn') / 'synthetic')
    _synthesize(ade_spade, out)
    return out


def _manifest(out):
    with open(osp.join(out, 'manifest.json')) as f:
        return json.load(f)


def _ann(out, sid):
    return mmcv.imread(osp.join(out, 'ann_dir', 'train', f'{sid}.png'),
                       flag='unchanged')


def test_ade20k_gan_aug_trains_on_the_synthesizers_folder(
        ade_spade, ade_synthetic, tmp_path):
    root, _ = ade_spade
    manifest = _manifest(ade_synthetic)
    assert manifest['label_reduction']['reduce_zero_label'] is True
    assert sorted(manifest['sources'].values()) == [
        f'{n}.png' for n in NAMES]
    # the folder holds class indices: each label is its source reduced
    for sid, name in manifest['sources'].items():
        np.testing.assert_array_equal(_ann(ade_synthetic, sid),
                                      _reduce(_raw(root, name)))

    # the shipped GAN-aug config, its DeepLabV3+ at tiny widths (150
    # classes), trains 2 iterations with half of the samples synthetic
    pipe = 'train_dataloader.dataset.real.pipeline'
    work_dir = str(tmp_path / 'work')
    proc = run_tool(
        'tools/train.py', ADE_GAN_AUG, '--work-dir', work_dir,
        '--cfg-options', f'train_dataloader.dataset.real.data_root={root}',
        f'train_dataloader.dataset.synthetic.data_root={ade_synthetic}',
        'train_dataloader.dataset.synthetic_ratio=0.5',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        f'{pipe}.2.scale=(128,{SIZE})', f'{pipe}.3.crop_size=(48,48)',
        'model.data_preprocessor.size=(48,48)', 'model.pretrained=None',
        'model.backbone.depth=18', 'model.backbone.base_channels=8',
        'model.backbone.stem_channels=8', 'model.decode_head.in_channels=64',
        'model.decode_head.c1_in_channels=8',
        'model.decode_head.channels=16', 'model.decode_head.c1_channels=8',
        'model.auxiliary_head.in_channels=32',
        'model.auxiliary_head.channels=8',
        f'test_dataloader.dataset.data_root={root}', 'val_cfg=None',
        'val_dataloader=None', 'val_evaluator=None',
        'train_cfg.max_iters=2', 'default_hooks.logger.interval=1',
        'default_hooks.checkpoint.interval=2')
    log = proc.stdout + proc.stderr
    assert 'GANAugmentedDataset: 4 real + 4 synthetic' in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))

    # what that config's wrapper hands the segmentor: its real pipeline's
    # LoadAnnotations(reduce_zero_label=True) for both kinds of samples
    cfg = Config.fromfile(ADE_GAN_AUG).train_dataloader.dataset
    cfg.real.data_root, cfg.synthetic.data_root = root, ade_synthetic
    cfg.synthetic_ratio = 0.5
    load = cfg.real.pipeline[:2]
    assert load[1] == dict(type='LoadAnnotations', reduce_zero_label=True)
    dataset = DATASETS.build(dict(cfg, pipeline=load))
    seen = {True: 0, False: 0}
    for idx in range(len(dataset)):
        info = dataset.get_data_info(idx)
        got = dataset[idx]['gt_seg_map']
        if info['is_synthetic']:
            sid = osp.splitext(osp.basename(info['seg_map_path']))[0]
            source = manifest['sources'][sid]
        else:
            source = osp.basename(info['seg_map_path'])
        np.testing.assert_array_equal(got, _reduce(_raw(root, source)),
                                      err_msg=info['seg_map_path'])
        seen[info['is_synthetic']] += 1
    assert seen == {True: 4, False: 4}


def test_synthetic_folder_refuses_a_second_reduction(ade_synthetic):
    with pytest.raises(ValueError) as err:
        DATASETS.build(dict(type='SyntheticSegDataset',
                            data_root=ade_synthetic, reduce_zero_label=True))
    assert ade_synthetic in str(err.value)
    assert 'a second time' in str(err.value)


def test_raw_label_folder_is_reduced_or_refused(ade_spade, ade_synthetic,
                                                tmp_path):
    root, _ = ade_spade
    raw_dir = osp.join(root, 'annotations', 'training')
    # one file value past the last class (151 -> 150 after the reduction)
    bad_dir = str(tmp_path / 'bad_labels')
    shutil.copytree(raw_dir, bad_dir)
    bad = osp.join(bad_dir, 'ade_c.png')
    raw = _raw(root, 'ade_c.png')
    raw[5, 5] = 151
    mmcv.imwrite(raw, bad)
    out = str(tmp_path / 'syn')
    proc = _synthesize(ade_spade, out, '--label-source', bad_dir,
                       check=False)
    assert proc.returncode != 0
    assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]
    lines = [ln for ln in proc.stderr.splitlines()
             if ln.startswith('error:')]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert bad in lines[0] and '150' in lines[0], lines[0]
    assert 'reduce_zero_label' in lines[0], lines[0]
    assert not osp.exists(out)  # no .settings.json locks the folder

    # the raw annotations (0 and 150 present) into the same --out: reduced
    # as the config says, hence the very pairs of the train split
    proc = _synthesize(ade_spade, out, '--label-source', raw_dir)
    assert 'reduce_zero_label' in proc.stdout + proc.stderr
    manifest, ref = _manifest(out), _manifest(ade_synthetic)
    assert manifest['label_reduction'] == ref['label_reduction']
    assert manifest['files'] == ref['files']  # same checksums
    for sid, name in manifest['sources'].items():
        np.testing.assert_array_equal(_ann(out, sid),
                                      _reduce(_raw(root, name)))
    assert not osp.exists(osp.join(out, '.settings.json'))
    assert sorted(os.listdir(out)) == ['ann_dir', 'img_dir', 'manifest.json']
