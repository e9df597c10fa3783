"""On a CUDA GPU: mmcv's CUDA ops, training steps of every GAN in fp32 /
fp16 AMP / bf16 AMP, exact resume, reproducible synthesis and online GAN-aug
rendering on the device. Run there with ``pytest -m cuda`` (after
``tools/device_kit/install.sh``); skipped, with the reason, without a GPU."""
import glob
import json
import math
import os.path as osp

import pytest
import torch
from conftest import (
    DEMO_GAN_CFGS,
    REPO,
    assert_resume_is_exact,
    online_gan_aug_options,
    run_tool,
    small_gan_options,
    synthesize_options,
)
from mmengine.config import Config
from mmengine.optim import AmpOptimWrapper
from mmengine.runner import Runner

from mmseg_gan.utils import enable_amp

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(
        not torch.cuda.is_available(),
        reason='no CUDA GPU visible (torch.cuda.is_available() is False); '
        'run `pytest -m cuda` on a GPU machine'),
]
PRECISIONS = {'fp32': None, 'fp16': 'float16', 'bf16': 'bfloat16'}
SYNTHESIS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'synthesis', '*cityscapes*.py')) +
    list(DEMO_GAN_CFGS.values()))
CGAN = [
    osp.join(REPO, 'configs', 'demo', name) for name in (
        'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py',
        'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
]


@pytest.fixture(scope='module')
def demo_root_256(tmp_path_factory):
    """Demo Cityscapes at the 256x512 of the Cityscapes synthesis configs."""
    from mmseg_gan.datasets import generate_demo_cityscapes
    root = tmp_path_factory.mktemp('data256') / 'demo_cityscapes'
    return str(generate_demo_cityscapes(str(root), num_train=4, num_val=2,
                                        num_test=1, size=(256, 512)))


def test_mmcv_cuda_ops_match_cpu():
    from mmcv.ops import get_compiling_cuda_version, nms, roi_align
    if get_compiling_cuda_version() == 'not available':
        pytest.skip("mmcv has CPU ops only (the device kit's prebuilt "
                    'wheel); MMCV_CUDA_OPS=1 bash tools/device_kit/'
                    'install.sh compiles its CUDA ops')
    gen = torch.Generator().manual_seed(0)
    xy = torch.rand(200, 2, generator=gen) * 100
    boxes = torch.cat([xy, xy + 5 + 20 * torch.rand(200, 2, generator=gen)],
                      1)
    scores = torch.rand(200, generator=gen)
    _, keep_cpu = nms(boxes, scores, 0.5)
    _, keep_gpu = nms(boxes.cuda(), scores.cuda(), 0.5)
    assert torch.equal(keep_cpu, keep_gpu.cpu())
    feats = torch.rand(2, 8, 32, 32, generator=gen)
    rois = torch.tensor([[0, 1., 1., 20., 20.], [1, 4., 2., 30., 16.]])
    ref = roi_align(feats, rois, (7, 7), 1.0, 2)
    out = roi_align(feats.cuda(), rois.cuda(), (7, 7), 1.0, 2)
    torch.testing.assert_close(out.cpu(), ref, rtol=1e-4, atol=1e-5)


def _one_iteration(config, work_dir, dtype_name, data_cfg, vgg19=None):
    cfg = Config.fromfile(config)
    cfg.work_dir = str(work_dir)
    if cfg.model.get('perceptual_loss'):  # SPADE's VGG19, random weights
        cfg.model.perceptual_loss.vgg_checkpoint = vgg19
    data_cfg(cfg.train_dataloader)
    cfg.train_dataloader.update(batch_size=2, num_workers=0,
                                persistent_workers=False)
    cfg.train_cfg.max_iters = 1
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    cfg.default_hooks.checkpoint.interval = 1000
    if PRECISIONS[dtype_name]:
        enable_amp(cfg, dtype=PRECISIONS[dtype_name])
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert next(runner.model.parameters()).is_cuda
    wrappers = list(runner.optim_wrapper.values())
    assert len(wrappers) == 2  # generator / segmentor and discriminator
    for wrapper in wrappers:
        amp = isinstance(wrapper, AmpOptimWrapper)
        assert amp == bool(PRECISIONS[dtype_name]), type(wrapper)
        if amp:
            assert wrapper.cast_dtype == getattr(torch,
                                                 PRECISIONS[dtype_name])
    losses = {k: v.current() for k, v in
              runner.message_hub.log_scalars.items()
              if k.startswith('train/') and 'loss' in k}
    assert losses and all(math.isfinite(v) for v in losses.values()), losses
    return losses


@pytest.mark.parametrize('dtype_name', sorted(PRECISIONS))
@pytest.mark.parametrize('config', SYNTHESIS, ids=osp.basename)
def test_synthesis_gan_trains_on_cuda(config, dtype_name, demo_root,
                                      demo_root_256, vgg19_file, tmp_path):
    root = demo_root_256 if 'cityscapes-256x512' in config else demo_root

    def data(loader):
        loader.dataset.data_root = root

    losses = _one_iteration(config, tmp_path, dtype_name, data, vgg19_file)
    assert {'train/loss_g', 'train/loss_d'} <= set(losses)


@pytest.mark.parametrize('dtype_name', sorted(PRECISIONS))
@pytest.mark.parametrize('config', CGAN, ids=osp.basename)
def test_cgan_trains_on_cuda(config, dtype_name, demo_root, tmp_path):

    def data(loader):
        dataset = loader.dataset
        (dataset.labeled if 'labeled' in dataset else dataset).data_root = \
            demo_root

    losses = _one_iteration(config, tmp_path, dtype_name, data)
    assert 'train/loss_d' in losses


def test_resume_is_exact_on_cuda(demo_root, tmp_path):
    """SPADE: 2 iterations + --resume to 4 == 4 uninterrupted."""
    spade = DEMO_GAN_CFGS['spade_1xb4-300']
    straight, split = str(tmp_path / 'straight'), str(tmp_path / 'split')
    env = {'CUBLAS_WORKSPACE_CONFIG': ':4096:8'}
    det = ['randomness.seed=0', 'randomness.deterministic=True']
    run_tool('tools/train.py', spade,
             *small_gan_options(demo_root, straight, max_iters=4), *det,
             env=env)
    run_tool('tools/train.py', spade,
             *small_gan_options(demo_root, split, max_iters=2), *det,
             env=env)
    run_tool('tools/train.py', spade, '--resume',
             *small_gan_options(demo_root, split, max_iters=4), *det,
             env=env)
    assert_resume_is_exact(straight, split, ('loss_g', 'loss_d'),
                           iters=(3, 4), last=4)


def test_synthesize_on_cuda_is_reproducible(demo_root, demo_spade, tmp_path):
    cfg, ckpt = demo_spade
    files = []
    for name in ('a', 'b'):
        out = str(tmp_path / name)
        opts = synthesize_options(demo_root, out, num=6)
        opts[opts.index('--device') + 1] = 'cuda'
        proc = run_tool('tools/synthesize.py', cfg, ckpt, *opts,
                        '--preview', '0')
        assert 'cuda' in proc.stdout + proc.stderr
        with open(osp.join(out, 'manifest.json')) as f:
            files.append(json.load(f)['files'])
    assert files[0] == files[1]  # the same bytes, file by file


def test_online_gan_aug_renders_on_the_gpu(demo_root, demo_spade, tmp_path):
    cfg, ckpt = demo_spade
    headline = osp.join(REPO, 'configs', 'gan_aug_unet_cityscapes.py')
    proc = run_tool('tools/train.py', headline,
                    *online_gan_aug_options(demo_root, str(tmp_path), cfg,
                                            ckpt))
    log = proc.stdout + proc.stderr
    assert 'images of the batch on cuda' in log, log[-3000:]
