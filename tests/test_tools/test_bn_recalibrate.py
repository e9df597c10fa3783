"""tools/benchmarks/bn_recalibrate.py: one checkpoint evaluated with its
BatchNorm statistics recomputed from the labelled or unlabeled images."""
import importlib.util
import json
import os.path as osp

import torch
from conftest import REPO, run_tool
from mmengine.config import Config
from mmengine.runner import Runner, set_random_seed
from mmseg.apis import init_model

TOOL = osp.join('tools', 'benchmarks', 'bn_recalibrate.py')
SEMI = osp.join(REPO, 'configs', 'demo',
                'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
spec = importlib.util.spec_from_file_location(
    'bn_recalibrate', osp.join(REPO, TOOL))
bn_recalibrate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bn_recalibrate)


def trained_semi(demo_root, tmp_path):
    cfg = Config.fromfile(SEMI)
    cfg.work_dir = str(tmp_path / 'run')
    cfg.train_dataloader.dataset.labeled.data_root = demo_root
    cfg.val_dataloader.dataset.data_root = demo_root
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        loader.update(batch_size=2, num_workers=0, persistent_workers=False)
    cfg.val_dataloader.batch_size = 1
    cfg.train_cfg.max_iters = 2
    cfg.default_hooks.checkpoint.interval = 2
    runner = Runner.from_cfg(cfg)
    runner.train()
    saved_miou = runner.val_loop.run()['mIoU']
    cfg_file = str(tmp_path / 'semi.py')
    cfg.dump(cfg_file)
    return cfg_file, osp.join(cfg.work_dir, 'iter_2.pth'), saved_miou


def test_rows_are_the_same_weights_with_recomputed_statistics(demo_root,
                                                              tmp_path):
    cfg_file, ckpt, saved_miou = trained_semi(demo_root, tmp_path)
    out = str(tmp_path / 'bn.json')
    proc = run_tool(TOOL, cfg_file, ckpt, '--sources', 'labeled', 'both',
                    '--batches', 3, '--json', out)
    assert '| recomputed on both |' in proc.stdout
    with open(out) as f:
        rows = json.load(f)['rows']
    assert [r['stats'] for r in rows] == [
        'as saved', 'recomputed on labeled', 'recomputed on both']
    # 'as saved' is the checkpoint's own validation score
    assert abs(rows[0]['mIoU'] - saved_miou) < 1e-6

    cfg = Config.fromfile(cfg_file)
    model = init_model(cfg, ckpt, device='cpu')
    before = {k: v.clone() for k, v in model.state_dict().items()}
    stats = []
    for _ in range(2):
        model.load_state_dict(before)
        set_random_seed(0)
        bn_recalibrate.recalibrate(
            model, bn_recalibrate.BatchSource(cfg, 0), 'labeled', 3)
        stats.append({k: v.clone() for k, v in model.state_dict().items()})
    bns = bn_recalibrate.prediction_bns(model)
    assert bns and all(int(bn.num_batches_tracked) == 3 for bn in bns)
    assert all(not bn.training for bn in bns)
    for k, v in before.items():
        running = k.endswith(('running_mean', 'running_var',
                              'num_batches_tracked'))
        on_path = k.startswith(('backbone.', 'decode_head.'))
        if not (running and on_path):
            assert torch.equal(stats[0][k], v), f'{k} changed'
        assert torch.equal(stats[0][k], stats[1][k]), f'{k} not repeatable'
    assert any(not torch.equal(stats[0][k], before[k]) for k in before
               if k.endswith('running_var'))


def test_unlabeled_sources_need_a_semi_supervised_training_set():
    cfg = osp.join(REPO, 'configs', 'demo',
                   'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
    proc = run_tool(TOOL, cfg, 'missing.pth', check=False)
    assert proc.returncode == 1 and 'missing.pth' in proc.stderr
    ckpt_free = run_tool(TOOL, cfg, TOOL, '--sources', 'both', check=False)
    assert ckpt_free.returncode == 1
    assert 'SemiSupervisedSegDataset' in ckpt_free.stderr
