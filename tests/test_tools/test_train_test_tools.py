"""tools/train.py, tools/test.py and tools/dist_train.sh on demo data.

These run the real tools in their own processes, as a user does.
"""
import glob
import json
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import (
    DEMO_SEG_CFG,
    read_val_records,
    run_tool,
    small_seg_options,
)
from mmengine.runner.checkpoint import _load_checkpoint
from PIL import Image

pytestmark = pytest.mark.slow


def scores_from_pngs(pred_dir, data_root, split='val', num_classes=19):
    """aAcc and mIoU (mmseg's IoUMetric: percent, 2 decimals) recomputed
    from the prediction PNGs of ``tools/test.py --out`` and the labels."""
    labels = sorted(glob.glob(osp.join(data_root, 'gtFine', split, '*',
                                       '*_gtFine_labelTrainIds.png')))
    assert labels
    inter, union, area = (np.zeros(num_classes) for _ in range(3))
    for path in labels:
        name = osp.basename(path).replace('_gtFine_labelTrainIds',
                                          '_leftImg8bit')
        gt = np.array(Image.open(path)).astype(np.int64)
        pred = np.array(Image.open(osp.join(pred_dir, name))).astype(
            np.int64)
        assert pred.shape == gt.shape, name
        keep = gt != 255
        gt, pred = gt[keep], pred[keep]
        count = np.bincount  # per class: |pred & gt|, |pred|, |gt|
        i = count(gt[gt == pred], minlength=num_classes)
        p = count(pred, minlength=num_classes)
        g = count(gt, minlength=num_classes)
        inter, union, area = inter + i, union + p + g - i, area + g
    with np.errstate(invalid='ignore', divide='ignore'):
        iou = inter / union
    return (round(inter.sum() / area.sum() * 100, 2),
            round(float(np.nanmean(iou)) * 100, 2))


@pytest.fixture(scope='module')
def trained(demo_unet):
    return demo_unet


def test_train_writes_checkpoints_and_validates(trained):
    work_dir, log = trained
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))
    ckpt = _load_checkpoint(osp.join(work_dir, 'iter_4.pth'), 'cpu')
    assert ckpt['meta']['iter'] == 4
    assert ckpt['meta']['dataset_meta']['classes'][0] == 'road'
    # val_interval=2: the first run validated at 2, the resumed one at 4
    val = read_val_records(work_dir)
    assert set(val) == {2, 4}, val
    for rec in val.values():
        assert 0.0 <= rec['mIoU'] <= 100.0 and 0.0 < rec['aAcc'] <= 100.0
    assert re.search(r'Iter\(val\) \[3/3\]', log)  # the 3 val images


def test_resume_continues_from_the_checkpoint(trained):
    work_dir, log = trained
    assert 'resumed' in log.lower() and 'iter_2.pth' in log
    # Iterations 3 and 4 were trained after resuming, not 1 and 2.
    assert re.search(r'Iter\(train\) \[3/4\]', log)
    assert not re.search(r'Iter\(train\) \[1/4\]', log)
    ckpt2 = _load_checkpoint(osp.join(work_dir, 'iter_2.pth'), 'cpu')
    ckpt4 = _load_checkpoint(osp.join(work_dir, 'iter_4.pth'), 'cpu')
    key = 'backbone.encoder.0.0.convs.0.conv.weight'
    assert not torch.equal(ckpt2['state_dict'][key], ckpt4['state_dict'][key])
    assert 'optimizer' in ckpt4 and 'param_schedulers' in ckpt4


def test_test_tool_evaluates_the_checkpoint(trained, demo_root, tmp_path):
    work_dir, _ = trained
    out_dir = tmp_path / 'pred'
    proc = run_tool('tools/test.py', DEMO_SEG_CFG,
                    osp.join(work_dir, 'iter_4.pth'), '--out', out_dir,
                    *small_seg_options(demo_root, str(tmp_path / 'test')))
    log = proc.stdout + proc.stderr
    assert 'mIoU' in log and 'aAcc' in log
    assert len(list(out_dir.glob('**/*.png'))) == 3  # one per val image
    results = list((tmp_path / 'test').glob('*/*.json'))
    assert results, 'tools/test.py wrote no metrics json'
    metrics = json.loads(results[0].read_text())
    # the scores are those of the saved predictions against the labels ...
    assert (metrics['aAcc'], metrics['mIoU']) == pytest.approx(
        scores_from_pngs(str(out_dir), demo_root), abs=0.011)
    # ... and of the checkpoint's weights: the validation of iteration 4
    # in training (same weights, images and pipeline) scored the same
    val = read_val_records(work_dir)[4]
    assert (metrics['aAcc'], metrics['mIoU']) == pytest.approx(
        (val['aAcc'], val['mIoU']), abs=0.011)


def test_dist_train_two_processes_on_cpu(demo_root, tmp_path):
    work_dir = str(tmp_path / 'dist')
    proc = run_tool('bash', 'tools/dist_train.sh', DEMO_SEG_CFG, 2,
                    *small_seg_options(demo_root, work_dir, max_iters=2),
                    env={'PORT': '29613'})
    log = proc.stdout + proc.stderr
    assert 'Distributed training: True' in log
    assert 'GPU number: 2' in log  # mmengine's name for the world size
    assert "model_wrapper_cfg = dict(device_ids=None" in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))


def test_missing_data_root_is_named(tmp_path):
    missing = str(tmp_path / 'no_such_dataset')
    proc = run_tool('tools/train.py', DEMO_SEG_CFG,
                    *small_seg_options(missing, str(tmp_path / 'w')),
                    check=False)
    assert proc.returncode != 0
    assert 'no_such_dataset' in proc.stderr
    assert 'train_dataloader.dataset.data_root' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_missing_checkpoint_is_named(demo_root, tmp_path):
    proc = run_tool('tools/test.py', DEMO_SEG_CFG,
                    str(tmp_path / 'nope.pth'),
                    *small_seg_options(demo_root, str(tmp_path / 'w')),
                    check=False)
    assert proc.returncode != 0
    assert "checkpoint '" in proc.stderr and 'nope.pth' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_unknown_type_is_named(demo_root, tmp_path):
    proc = run_tool('tools/train.py', DEMO_SEG_CFG,
                    *small_seg_options(demo_root, str(tmp_path / 'w')),
                    'model.decode_head.type=NoSuchHead', check=False)
    assert proc.returncode != 0
    assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith('error:')]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert 'unknown type in config' in lines[0]
    assert 'NoSuchHead is not in the' in lines[0]
    assert not glob.glob(osp.join(tmp_path, 'w', '*.pth'))


def test_cgan_checkpoint_tests_as_a_plain_segmentor(demo_root, tmp_path):
    """tools/test.py on the plain UNet config scores a cGAN checkpoint (its
    discriminator's keys unused) as the cGAN config's validation did."""
    cgan = osp.join(osp.dirname(DEMO_SEG_CFG),
                    'cgan_' + osp.basename(DEMO_SEG_CFG))
    work_dir = str(tmp_path / 'cgan')
    run_tool('tools/train.py', cgan,
             *small_seg_options(demo_root, work_dir, max_iters=2))
    ckpt = osp.join(work_dir, 'iter_2.pth')
    state = _load_checkpoint(ckpt, 'cpu')['state_dict']
    assert any(k.startswith('adversarial_head.') for k in state)
    test_dir = tmp_path / 'test'
    proc = run_tool('tools/test.py', DEMO_SEG_CFG, ckpt,
                    *small_seg_options(demo_root, str(test_dir)))
    assert 'Traceback' not in proc.stderr
    metrics = json.loads(next(test_dir.glob('*/*.json')).read_text())
    val = read_val_records(work_dir)[2]  # the cGAN config, the same weights
    assert (metrics['aAcc'], metrics['mIoU']) == pytest.approx(
        (val['aAcc'], val['mIoU']), abs=0.011)
