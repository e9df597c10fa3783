import os
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.registry import init_default_scope

import mmseg_gan  # noqa: F401  (registers the plugin, as the tools do)

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
CAMVID_ROOT = osp.join(REPO, '..', 'shared', 'data', 'camvid')
# Tests build mmseg types by name, as mmseg's own tests do.
init_default_scope('mmseg')

DEMO_SEG_CFG = osp.join(
    REPO, 'configs', 'demo',
    'unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


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


@pytest.fixture(scope='session')
def demo_unet(demo_root, tmp_path_factory):
    """The demo UNet trained 2 iterations, then resumed to 4 (--resume).

    Returns ``(work_dir, log_of_the_resumed_run)``; ``iter_4.pth`` doubles
    as the reference segmentor of the synthesis tests.
    """
    work_dir = str(tmp_path_factory.mktemp('unet'))
    run_tool('tools/train.py', DEMO_SEG_CFG,
             *small_seg_options(demo_root, work_dir, max_iters=2))
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, '--resume',
                    *small_seg_options(demo_root, work_dir, max_iters=4))
    return work_dir, proc.stdout + proc.stderr


DEMO_GAN_CFGS = {
    name: osp.join(REPO, 'configs', 'demo',
                   f'{name}_demo-cityscapes-{size}.py')
    for name, size in (('spade_1xb4-300', '64x128'),
                       ('oasis_1xb4-300', '64x128'),
                       ('pix2pix_1xb4-300', '64x128'),
                       ('joint-dcgan_1xb8-300', '64x64'))
}


def small_gan_options(data_root, work_dir, max_iters=1, num_workers=0,
                      batch_size=2):
    """--cfg-options that shrink a demo GAN config for a test run."""
    persistent = 'True' if num_workers else 'False'
    return [
        '--work-dir', work_dir, '--cfg-options',
        f'train_dataloader.dataset.data_root={data_root}',
        f'train_dataloader.batch_size={batch_size}',
        f'train_dataloader.num_workers={num_workers}',
        f'train_dataloader.persistent_workers={persistent}',
        f'train_cfg.max_iters={max_iters}',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1',
    ]


def _scalar_records(work_dir):
    """Every record of every run's scalars.json in ``work_dir``."""
    import glob
    import json
    for path in sorted(glob.glob(osp.join(glob.escape(work_dir), '*',
                                          'vis_data', 'scalars.json'))):
        with open(path) as f:
            for line in f:
                yield json.loads(line)


def read_scalars(work_dir):
    """{iter: training scalars} from every run's scalars.json."""
    # validation records have a 'step', not an 'iter'
    return {rec['iter']: rec for rec in _scalar_records(work_dir)
            if 'iter' in rec}


def read_val_records(work_dir):
    """{step: metrics} of the validations every run of ``work_dir`` logged.
    """
    return {rec['step']: rec for rec in _scalar_records(work_dir)
            if 'iter' not in rec and 'mIoU' in rec}


def assert_resume_is_exact(straight, split, keys, iters, last):
    """Logged losses of ``iters`` and the weights at ``last`` agree between
    an uninterrupted run and one resumed from a checkpoint."""
    import torch
    from mmengine.runner.checkpoint import _load_checkpoint
    a, b = read_scalars(straight), read_scalars(split)
    for it in iters:
        for key in keys:
            assert a[it][key] == pytest.approx(b[it][key], rel=1e-5), (
                it, key)
    sa = _load_checkpoint(osp.join(straight, f'iter_{last}.pth'), 'cpu')
    sb = _load_checkpoint(osp.join(split, f'iter_{last}.pth'), 'cpu')
    for key, value in sa['state_dict'].items():
        torch.testing.assert_close(value, sb['state_dict'][key],
                                   msg=f'{key} differs after resume')


@pytest.fixture(scope='session')
def demo_spade(demo_root, tmp_path_factory):
    """A demo SPADE checkpoint (2 iterations): ``(config, checkpoint)``."""
    work_dir = str(tmp_path_factory.mktemp('spade'))
    cfg = DEMO_GAN_CFGS['spade_1xb4-300']
    run_tool('tools/train.py', cfg,
             *small_gan_options(demo_root, work_dir, max_iters=2))
    return cfg, osp.join(work_dir, 'iter_2.pth')


def small_gan_aug_options(demo_root, work_dir):
    """--cfg-options that shrink the headline GAN-aug config for a test."""
    pipe = 'train_dataloader.dataset.real.pipeline'
    return [
        '--work-dir', work_dir, '--cfg-options',
        f'train_dataloader.dataset.real.data_root={demo_root}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        f'{pipe}.2.scale=(256,128)', f'{pipe}.3.crop_size=(64,128)',
        'model.data_preprocessor.size=(64,128)',
        f'val_dataloader.dataset.data_root={demo_root}',
        'val_dataloader.num_workers=0',
        'val_dataloader.persistent_workers=False',
        'val_dataloader.dataset.pipeline.1.scale=(256,128)',
        f'test_dataloader.dataset.data_root={demo_root}',
        'train_cfg.max_iters=2', 'default_hooks.logger.interval=1',
        'default_hooks.checkpoint.interval=2'
    ]


def online_gan_aug_options(demo_root, work_dir, gan_cfg, gan_ckpt):
    """The headline config in online mode: the demo GAN renders 3/4 of the
    slots from the batch's label maps (fixed sampler seed)."""
    return small_gan_aug_options(demo_root, work_dir) + [
        'train_dataloader.dataset.synthetic=None',
        'train_dataloader.dataset.online=True',
        'train_dataloader.dataset.synthetic_ratio=0.75', 'randomness.seed=0',
        'model.data_preprocessor.type=OnlineSynthesisDataPreprocessor',
        f'model.data_preprocessor.synthesizer_config={gan_cfg}',
        f'model.data_preprocessor.synthesizer_checkpoint={gan_ckpt}',
        'val_cfg=None', 'val_dataloader=None', 'val_evaluator=None'
    ]


def synthesize_options(demo_root, out, num=8, batch_size=2):
    return [
        '--out', out, '--num', num, '--batch-size', batch_size,
        '--device', 'cpu', '--label-augment', '--cfg-options',
        f'train_dataloader.dataset.data_root={demo_root}',
        f'test_dataloader.dataset.data_root={demo_root}'
    ]


@pytest.fixture(scope='session')
def vgg19_file(tmp_path_factory):
    """Random VGG19 features as a torchvision state dict file: the SPADE
    configs name the ImageNet weights, which tests cannot download."""
    import torch
    from torchvision.models import vgg19
    path = str(tmp_path_factory.mktemp('vgg') / 'vgg19.pth')
    torch.save({f'features.{k}': v for k, v in
                vgg19().features[:30].state_dict().items()}, path)
    return path
