import os
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.registry import init_default_scope

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
CAMVID_ROOT = osp.join(REPO, '..', 'shared', 'data', 'camvid')
# Tests build mmseg types by name, as mmseg's own tests do.
init_default_scope('mmseg')

DEMO_SEG_CFG = osp.join(
    REPO, 'configs', 'demo',
    'unet-s5-d16_fcn_1xb4-200_demo-cityscapes-128x256.py')


def run_tool(*args, check=True, timeout=600, env=None):
    """Run a repository tool as a user would (its own process)."""
    cmd = [sys.executable] + [str(a) for a in args] \
        if str(args[0]).endswith('.py') else [str(a) for a in args]
    full_env = dict(os.environ, PYTHONUNBUFFERED='1', PYTHON=sys.executable)
    full_env.update(env or {})
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout,
        env=full_env)
    if check and proc.returncode != 0:
        raise AssertionError(
            f'{" ".join(cmd)} exited {proc.returncode}\n'
            f'--- stdout ---\n{proc.stdout[-6000:]}\n'
            f'--- stderr ---\n{proc.stderr[-6000:]}')
    return proc


@pytest.fixture(scope='session')
def demo_root(tmp_path_factory):
    """A small demo Cityscapes dataset (64x128), made once per session."""
    from mmseg_gan.datasets import generate_demo_cityscapes
    root = tmp_path_factory.mktemp('data') / 'demo_cityscapes'
    return str(generate_demo_cityscapes(
        str(root), num_train=6, num_val=3, num_test=2, size=(64, 128),
        seed=0))


def small_seg_options(data_root, work_dir, max_iters=2):
    """--cfg-options that shrink the demo UNet config for a test run."""
    return [
        '--work-dir', work_dir, '--cfg-options',
        f'train_dataloader.dataset.data_root={data_root}',
        f'val_dataloader.dataset.data_root={data_root}',
        f'test_dataloader.dataset.data_root={data_root}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'val_dataloader.num_workers=0',
        'val_dataloader.persistent_workers=False',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        f'train_cfg.max_iters={max_iters}', 'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1',
    ]
