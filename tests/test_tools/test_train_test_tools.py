"""tools/train.py, tools/test.py and tools/dist_train.sh on demo data.

These run the real tools in their own processes, as a user does.
"""
import json
import os.path as osp
import re

import pytest
import torch
from conftest import DEMO_SEG_CFG, run_tool, small_seg_options
from mmengine.runner.checkpoint import _load_checkpoint

pytestmark = pytest.mark.slow


@pytest.fixture(scope='module')
def trained(demo_unet):
    return demo_unet


def test_train_writes_checkpoints_and_validates(trained):
    work_dir, _ = trained
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))
    ckpt = _load_checkpoint(osp.join(work_dir, 'iter_4.pth'), 'cpu')
    assert ckpt['meta']['iter'] == 4
    assert ckpt['meta']['dataset_meta']['classes'][0] == 'road'


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
    assert 0.0 <= metrics['mIoU'] <= 100.0


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
    assert 'NoSuchHead is not in the' in proc.stderr
