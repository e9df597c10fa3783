"""A diverging run stops before a non-finite update or checkpoint."""
import glob
import os.path as osp

import pytest
import torch
from conftest import DEMO_SEG_CFG, run_tool, small_seg_options
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint

from mmseg_gan.engine.hooks import NonFiniteError


def _finite(path):
    state = _load_checkpoint(path, 'cpu')['state_dict']
    return all(torch.isfinite(v).all() for v in state.values()
               if v.is_floating_point())


def test_diverging_segmentor_stops_and_keeps_the_last_finite_checkpoint(
        demo_root, tmp_path):
    work_dir = str(tmp_path)
    proc = run_tool(
        'tools/train.py', DEMO_SEG_CFG,
        *small_seg_options(demo_root, work_dir, max_iters=8),
        'optim_wrapper.optimizer.lr=1e8',
        'default_hooks.checkpoint.interval=1',
        'default_hooks.checkpoint.max_keep_ckpts=1',
        'train_cfg.val_interval=100', check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    # the weights explode (refused at the save) or a gradient turns NaN
    assert last.startswith(('error: NonFiniteError: checkpoint not saved',
                            'error: NonFiniteError: non-finite gradient'))
    ckpts = glob.glob(osp.join(glob.escape(work_dir), 'iter_*.pth'))
    assert len(ckpts) == 1 and _finite(ckpts[0])  # the good one survives
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        assert f.read().strip() == ckpts[0]
    step = int(osp.basename(ckpts[0])[5:-4])
    assert f'at iteration {step + 1};' in last  # stopped at the next one
    assert f'({osp.basename(ckpts[0])}) is the last good one' in last


def _runner(demo_root, tmp_path):
    from mmengine.runner import Runner
    cfg = Config.fromfile(DEMO_SEG_CFG)
    cfg.work_dir = str(tmp_path)
    cfg.train_dataloader.dataset.data_root = demo_root
    cfg.train_dataloader.update(batch_size=2, num_workers=0,
                                persistent_workers=False)
    cfg.train_cfg.max_iters = 1
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    cfg.custom_hooks = [dict(type='FiniteCheckHook')]
    return Runner.from_cfg(cfg)


def test_nan_loss_stops_before_the_update(demo_root, tmp_path):
    runner = _runner(demo_root, tmp_path)
    runner.train()
    model = runner.model
    with torch.no_grad():
        model.decode_head.conv_seg.bias.fill_(float('nan'))
    before = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    runner.train_loop._max_iters = 2
    with pytest.raises(NonFiniteError, match='non-finite gradient of '
                       r'.* at iteration 2;'):
        runner.train_loop.run()
    after = model.backbone.state_dict()
    weights = [k for k in before if k.endswith('weight')]
    assert all(torch.equal(before[k], after[k]) for k in weights)


def test_runaway_weights_are_not_saved(demo_root, tmp_path):
    runner = _runner(demo_root, tmp_path)
    runner.train()
    runner.save_checkpoint(str(tmp_path), 'ok.pth')
    assert _finite(str(tmp_path / 'ok.pth'))
    with torch.no_grad():  # finite losses, weights run away
        runner.model.decode_head.conv_seg.weight.mul_(1e32)
    with pytest.raises(NonFiniteError, match='decode_head.conv_seg.weight'):
        runner.save_checkpoint(str(tmp_path), 'bad.pth')
    assert not osp.exists(tmp_path / 'bad.pth')
