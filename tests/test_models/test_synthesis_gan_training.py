"""The synthesis GAN trained by the mmengine Runner through tools/train.py."""
import os.path as osp

import pytest
import torch
from conftest import (
    DEMO_GAN_CFGS,
    REPO,
    assert_resume_is_exact,
    read_scalars,
    run_tool,
    small_gan_options,
)
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint
from mmseg.registry import MODELS

pytestmark = pytest.mark.slow
SPADE = DEMO_GAN_CFGS['spade_1xb4-300']


@pytest.mark.parametrize('name', sorted(DEMO_GAN_CFGS))
def test_each_demo_gan_trains_one_iteration(name, demo_root, tmp_path):
    work_dir = str(tmp_path / name)
    run_tool('tools/train.py', DEMO_GAN_CFGS[name],
             *small_gan_options(demo_root, work_dir, max_iters=2))
    scalars = read_scalars(work_dir)
    for it in (1, 2):
        assert {'loss_g', 'loss_d'} <= set(scalars[it])
    ckpt = _load_checkpoint(osp.join(work_dir, 'iter_2.pth'), 'cpu')
    # both optimizers are checkpointed
    assert set(ckpt['optimizer']) == {'generator', 'discriminator'}
    assert 'rng_state' in ckpt
    # the sample grid of the last iteration
    assert osp.isfile(osp.join(work_dir, 'vis_synthesis', 'iter_2.png'))


def test_a_step_updates_both_networks_and_the_ema(demo_root, tmp_path):
    """One alternating step through the real Runner; EMA follows G."""
    from mmengine.runner import Runner
    cfg = Config.fromfile(SPADE)
    cfg.work_dir = str(tmp_path)
    cfg.train_dataloader.dataset.data_root = demo_root
    cfg.train_dataloader.num_workers = 0
    cfg.train_dataloader.persistent_workers = False
    cfg.train_dataloader.batch_size = 2
    cfg.model.ema_config = dict(momentum=0.5)
    cfg.train_cfg.max_iters = 1
    runner = Runner.from_cfg(cfg)
    model = runner.model
    gen0 = {k: v.clone() for k, v in model.generator.state_dict().items()}
    disc0 = {
        k: v.clone() for k, v in model.discriminator.state_dict().items()
    }
    runner.train()  # iteration 1 copies G into the EMA (steps == 0)
    runner.train_loop._max_iters = 2
    ema_before = {
        k: v.clone()
        for k, v in model.generator_ema.module.state_dict().items()
    }
    runner.train_loop.run()
    gen = model.generator.state_dict()
    disc = model.discriminator.state_dict()
    ema = model.generator_ema.module.state_dict()
    key = 'conv_img.weight'
    assert not torch.equal(gen0[key], gen[key])
    dkey = next(k for k in disc if k.endswith('weight_orig'))
    assert not torch.equal(disc0[dkey], disc[dkey])
    # momentum 0.5: ema = 0.5 * ema_before + 0.5 * generator
    torch.testing.assert_close(ema[key],
                               0.5 * ema_before[key] + 0.5 * gen[key])
    assert int(model.generator_ema.steps) == 2


def test_resume_is_exact(demo_root, tmp_path):
    """2 iterations + --resume to 4 == 4 uninterrupted (losses, weights)."""
    straight, split = str(tmp_path / 'straight'), str(tmp_path / 'split')
    opts = dict(num_workers=1)
    run_tool('tools/train.py', SPADE,
             *small_gan_options(demo_root, straight, max_iters=4, **opts))
    run_tool('tools/train.py', SPADE,
             *small_gan_options(demo_root, split, max_iters=2, **opts))
    proc = run_tool('tools/train.py', SPADE, '--resume',
                    *small_gan_options(demo_root, split, max_iters=4, **opts))
    assert 'resumed' in (proc.stdout + proc.stderr).lower()
    assert_resume_is_exact(straight, split,
                           ('loss_g', 'loss_d', 'loss_d_real', 'loss_g_fm'),
                           iters=(3, 4), last=4)


def test_non_finite_loss_stops_and_keeps_last_checkpoint(demo_root, tmp_path):
    work_dir = str(tmp_path)
    run_tool('tools/train.py', SPADE,
             *small_gan_options(demo_root, work_dir, max_iters=2))
    # std 0 makes every image infinite: the losses become NaN at once
    proc = run_tool(
        'tools/train.py', SPADE, '--resume',
        *small_gan_options(demo_root, work_dir, max_iters=4),
        'model.data_preprocessor.std=[0.0,0.0,0.0]', check=False)
    assert proc.returncode != 0
    assert 'NonFiniteLossError' in proc.stderr
    assert 'non-finite generator loss at iteration 3' in proc.stderr
    assert not osp.exists(osp.join(work_dir, 'iter_4.pth'))
    ckpt = _load_checkpoint(osp.join(work_dir, 'iter_2.pth'), 'cpu')
    assert all(torch.isfinite(v).all() for v in ckpt['state_dict'].values()
               if v.is_floating_point())


def test_num_classes_mismatch_fails_at_build():
    cfg = Config.fromfile(SPADE)
    cfg.model.generator.num_classes = 11
    with pytest.raises(ValueError) as err:
        MODELS.build(cfg.model)
    assert 'generator.num_classes=11' in str(err.value)
    assert 'data_preprocessor.num_classes=19' in str(err.value)


def test_update_schedule_is_checked_at_build():
    cfg = Config.fromfile(SPADE)
    cfg.model.discriminator_interval = 2
    assert MODELS.build(cfg.model).discriminator_interval == 2
    cfg.model.discriminator_steps = 2
    with pytest.raises(ValueError, match='cannot both be above 1'):
        MODELS.build(cfg.model)


def test_num_classes_vs_dataset_fails_before_training(demo_root, tmp_path):
    nc = 'model.{}.num_classes=11'
    proc = run_tool(
        'tools/train.py', SPADE,
        *small_gan_options(demo_root, str(tmp_path)),
        nc.format('generator'), nc.format('discriminator'),
        nc.format('data_preprocessor'), check=False)
    assert proc.returncode != 0
    assert 'model.num_classes is 11' in proc.stderr
    assert 'has 19 classes' in proc.stderr
    assert not osp.exists(osp.join(str(tmp_path), 'iter_1.pth'))


@pytest.mark.parametrize('path', sorted(
    p for p in __import__('glob').glob(
        osp.join(REPO, 'configs', 'synthesis', '*.py'))))
def test_synthesis_configs_build(path, vgg19_file):
    cfg = Config.fromfile(path)
    vgg = cfg.model.get('perceptual_loss')
    if vgg is not None:  # SPADE's VGG loss reads local weights, named
        with pytest.raises(FileNotFoundError, match=vgg.vgg_checkpoint):
            MODELS.build(cfg.model)
        vgg.vgg_checkpoint = vgg19_file
    model = MODELS.build(cfg.model)
    from mmseg.registry import DATASETS
    dataset = DATASETS.get(cfg.train_dataloader.dataset.type)
    assert model.num_classes == len(dataset.METAINFO['classes'])
    assert cfg.model_wrapper_cfg.type == 'MMSeparateDistributedDataParallel'


def test_dist_train_two_processes_on_cpu(demo_root, tmp_path):
    """torchrun, gloo, MMSeparateDistributedDataParallel per network."""
    work_dir = str(tmp_path)
    proc = run_tool('bash', 'tools/dist_train.sh', SPADE, 2,
                    *small_gan_options(demo_root, work_dir, max_iters=2),
                    env={'PORT': '29617'})
    log = proc.stdout + proc.stderr
    assert 'GPU number: 2' in log
    assert "type='MMSeparateDistributedDataParallel'" in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
