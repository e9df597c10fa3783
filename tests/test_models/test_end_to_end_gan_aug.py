"""EndToEndGANAug: GAN, task term and segmentor trained in one loop."""
import copy
import os.path as osp
import shutil

import mmcv
import numpy as np
import pytest
import torch
from conftest import (
    REPO,
    assert_resume_is_exact,
    read_scalars,
    run_tool,
)
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapperDict
from mmengine.runner import Runner
from mmengine.runner.checkpoint import _load_checkpoint
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmseg_gan.models.utils.label_batch_augment import augment_label_batch
from mmseg_gan.models.utils.segmentor_inputs import to_segmentor_batch
from mmseg_gan.models.utils.task_hypergradient import (
    task_hypergradient,
    unrolled_heldout_loss,
)
from mmseg_gan.utils import unwrap

CFG = osp.join(REPO, 'configs', 'demo', 'gan-aug-e2e_pix2pix_unet-s5-d16_'
               'fcn_1xb4-200_demo-cityscapes-64x128.py')
# the demo networks at width 8, on 32x64 crops
TINY = {
    'train_dataloader.dataset.train.pipeline.3.crop_size': (32, 64),
    'train_dataloader.dataset.held_out.pipeline.3.crop_size': (32, 64),
    'model.segmentor.data_preprocessor.size': (32, 64),
    'model.segmentor.backbone.base_channels': 8,
    'model.segmentor.decode_head.in_channels': 8,
    'model.segmentor.decode_head.channels': 8,
    'model.segmentor.auxiliary_head.in_channels': 16,
    'model.segmentor.auxiliary_head.channels': 8,
    'model.generator.num_down': 5,
    'model.generator.base_channels': 8,
    'model.discriminator.base_channels': 8,
    # BN for mmseg's SyncBN (one process)
    'model.segmentor.backbone.norm_cfg.type': 'BN',
    'model.segmentor.decode_head.norm_cfg.type': 'BN',
    'model.segmentor.auxiliary_head.norm_cfg.type': 'BN',
}
SEG_DP = dict(type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53],
              std=[58.395, 57.12, 57.375], bgr_to_rgb=True, pad_val=0,
              seg_pad_val=255)


def _loader_options(demo_root):
    return {
        'train_dataloader.dataset.train.data_root': demo_root,
        'train_dataloader.dataset.held_out.data_root': demo_root,
        'test_dataloader.dataset.data_root': demo_root,
        'train_dataloader.batch_size': 2,
        'train_dataloader.num_workers': 0,
        'train_dataloader.persistent_workers': False,
        'test_dataloader.num_workers': 0,
        'test_dataloader.persistent_workers': False,
    }


def _cli(options):
    return [f'{k}={v}'.replace(' ', '') for k, v in options.items()]


@pytest.fixture(scope='module')
def parts(demo_root, tmp_path_factory):
    """The tiny demo model, a batch and a fresh-optimizer factory."""
    cfg = Config.fromfile(CFG)
    cfg.merge_from_dict({**TINY, **_loader_options(demo_root)})
    cfg.work_dir = str(tmp_path_factory.mktemp('e2e'))
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.model.task_start_iter = 0
    runner = Runner.from_cfg(cfg)
    batch = next(iter(runner.build_dataloader(cfg.train_dataloader)))
    model = runner.model
    state = copy.deepcopy(model.state_dict())

    def step(data, generator_lr=None, seed=0, keys=None):
        """One train_step from the initial weights, fresh optimizers (those
        named by ``keys``)."""
        model.load_state_dict(state)
        optim = runner.build_optim_wrapper(copy.deepcopy(cfg.optim_wrapper))
        if keys is not None:
            optim = OptimWrapperDict(**{k: optim[k] for k in keys})
        if generator_lr is not None:
            for group in optim['generator'].optimizer.param_groups:
                group['lr'] = generator_lr
        MessageHub.get_current_instance().update_info('iter', 0)
        torch.manual_seed(seed)
        return model.train_step(copy.deepcopy(data), optim)

    yield model, batch, step
    model.load_state_dict(state)


def _generator_params(model):
    return {n: p.detach().clone()
            for n, p in unwrap(model.generator).named_parameters()}


def test_the_task_term_alone_moves_the_generator(parts):
    """GAN losses off: the generator moves under w > 0 only, and only its
    task_params."""
    model, batch, step = parts
    gan_loss = unwrap(model.discriminator).gan_loss
    saved = (gan_loss.loss_weight, model.l1_loss_weight,
             model.task_loss_weight, model.task_param_names)
    before = _generator_params(model)
    gan_loss.loss_weight, model.l1_loss_weight = 0.0, 0.0
    try:
        logs = step(batch)
        moved = {n for n, p in _generator_params(model).items()
                 if not torch.equal(p, before[n])}
        assert moved == set(before)
        assert logs['task_grad_norm'] > 0 and logs['gan_grad_norm'] == 0
        assert logs['task_grad_share'] == pytest.approx(1.0)
        assert float(logs['loss_task']) == pytest.approx(
            float(logs['task_heldout']))  # w = 1
        last = 'unet.model.model.2.'  # the outermost up-convolution
        model.task_param_names = model._select_task_params([last])
        step(batch)
        moved = {n for n, p in _generator_params(model).items()
                 if not torch.equal(p, before[n])}
        assert moved and all(n.startswith(last) for n in moved)
        model.task_loss_weight = 0.0
        logs = step(batch)
        assert 'loss_task' not in logs and 'loss_seg' in logs
        for n, p in _generator_params(model).items():
            assert torch.equal(p, before[n]), n
    finally:
        (gan_loss.loss_weight, model.l1_loss_weight, model.task_loss_weight,
         model.task_param_names) = saved


def test_a_missing_held_out_batch_or_optimizer_is_named(parts):
    model, batch, step = parts
    no_held_out = {k: v for k, v in batch.items()
                   if not k.startswith('held_out')}
    with pytest.raises(KeyError, match='HeldOutSegDataset'):
        step(no_held_out)
    with pytest.raises(TypeError, match="'segmentor'"):
        step(batch, keys=('generator', 'discriminator'))


def test_held_out_batch_never_enters_the_segmentor_update(parts):
    """With the generator's lr at 0, the segmentor after a step is the same
    whatever the held-out batch holds, and the held-out images reach the
    segmentor only inside functional calls (θ copies)."""
    model, batch, step = parts
    seg = unwrap(model.segmentor)
    own_weight = seg.decode_head.conv_seg.weight
    calls = []

    def record(module, args, kwargs):
        functional = module.decode_head.conv_seg.weight is not own_weight
        calls.append((functional, args[0].detach().clone()))

    def segmentor_after(data):
        logs = step(data, generator_lr=0.0)
        return logs, {k: v.clone() for k, v in seg.state_dict().items()}

    logs_a, seg_a = segmentor_after(batch)
    corrupted = copy.copy(batch)
    corrupted['held_out_inputs'] = [
        torch.full_like(x, 255) for x in batch['held_out_inputs']
    ]
    corrupted['held_out_data_samples'] = []
    for s in batch['held_out_data_samples']:
        s = s.clone()
        s.gt_sem_seg = PixelData(data=torch.zeros_like(s.gt_sem_seg.data))
        corrupted['held_out_data_samples'].append(s)
    handle = seg.register_forward_pre_hook(record, with_kwargs=True)
    try:
        logs_b, seg_b = segmentor_after(corrupted)
    finally:
        handle.remove()
    assert float(logs_a['task_heldout']) != float(logs_b['task_heldout'])
    for key, value in seg_a.items():
        assert torch.equal(value, seg_b[key]), key  # weights and BN stats
    white = (255 - seg.data_preprocessor.mean) / seg.data_preprocessor.std
    is_white = [(x == white).flatten(1).all(1).any().item()
                for _, x in calls]
    assert any(w for (f, _), w in zip(calls, is_white) if f)
    assert not any(w for (f, _), w in zip(calls, is_white) if not f)
    assert any(not f for f, _ in calls)  # the segmentor's own step


def _smooth_segmentor(num_classes):
    """A tiny UNet without kinks (GELU, strided convolutions instead of max
    pooling), for finite differences."""
    gelu = dict(type='GELU')
    return MODELS.build(dict(
        type='EncoderDecoder',
        data_preprocessor=dict(SEG_DP, size=(32, 32)),
        backbone=dict(
            type='UNet', in_channels=3, base_channels=4, num_stages=3,
            strides=(1, 2, 2), enc_num_convs=(1, 1, 1), dec_num_convs=(1, 1),
            downsamples=(True, True), enc_dilations=(1, 1, 1),
            dec_dilations=(1, 1), norm_cfg=dict(type='BN'), act_cfg=gelu),
        decode_head=dict(
            type='FCNHead', in_channels=4, in_index=2, channels=4,
            num_convs=1, concat_input=False, dropout_ratio=0,
            num_classes=num_classes, norm_cfg=dict(type='BN'), act_cfg=gelu,
            loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),
        train_cfg=dict(), test_cfg=dict(mode='whole')))


def test_exact_hypergradient_matches_finite_differences():
    """float64: d/dε L_task(φ + εv) = <∇φ L_task, v> for the generator's
    last layer (smooth up to the segmentor, which is smooth too), and
    DARTS' approximation agrees with the exact unroll."""
    torch.manual_seed(0)
    num_classes = 3
    seg = _smooth_segmentor(num_classes).double().train()
    gen = MODELS.build(dict(
        type='Pix2PixUnetGenerator', num_classes=num_classes, num_down=5,
        base_channels=4, use_dropout=False)).double().train()
    gan_dp = MODELS.build(dict(type='SegGANDataPreprocessor',
                               num_classes=num_classes))
    maps = torch.randint(0, num_classes, (2, 32, 32))
    onehot = torch.nn.functional.one_hot(maps, num_classes).permute(
        0, 3, 1, 2).double()
    held = seg.data_preprocessor(dict(
        inputs=[torch.randint(0, 256, (3, 32, 32), dtype=torch.uint8)
                for _ in range(2)],
        data_samples=[SegDataSample(gt_sem_seg=PixelData(
            data=torch.randint(0, num_classes, (1, 32, 32))))
                      for _ in range(2)]), True)
    held = (held['inputs'].double(), held['data_samples'])

    def synthetic():
        samples = [SegDataSample(gt_sem_seg=PixelData(data=m[None].clone()))
                   for m in maps]
        return to_segmentor_batch(gen(onehot), samples, gan_dp,
                                  seg.data_preprocessor)

    params = [p for n, p in gen.named_parameters()
              if n.startswith('unet.model.model.2.')]
    lr = 0.5
    loss, exact = task_hypergradient(seg, synthetic(), held, lr, params)
    direction = [torch.randn_like(p) for p in params]

    def loss_at(shift):
        with torch.no_grad():
            for p, d in zip(params, direction):
                p.add_(shift * d)
        try:
            return float(unrolled_heldout_loss(seg, synthetic(), held, lr))
        finally:
            with torch.no_grad():
                for p, d in zip(params, direction):
                    p.sub_(shift * d)

    eps = 1e-6
    values = [loss_at(eps), loss_at(-eps), loss_at(0.0)]
    assert values[2] == pytest.approx(float(loss), rel=1e-12)
    numeric = (values[0] - values[1]) / (2 * eps)
    analytic = float(sum((g * d).sum() for g, d in zip(exact, direction)))
    assert abs(numeric) > 1e-6
    assert analytic == pytest.approx(numeric, rel=1e-5)
    _, approx = task_hypergradient(seg, synthetic(), held, lr, params,
                                   method='finite_difference')
    flat_exact = torch.cat([g.flatten() for g in exact])
    flat_approx = torch.cat([g.flatten() for g in approx])
    torch.testing.assert_close(flat_approx, flat_exact, rtol=1e-3,
                               atol=1e-3 * float(flat_exact.abs().max()))


@pytest.mark.parametrize('bgr_to_rgb', [True, False])
def test_generated_images_reach_the_segmentor_as_its_preprocessor_would(
        demo_root, bgr_to_rgb):
    """A real image through the GAN's preprocessor and to_segmentor_batch
    equals the segmentor's preprocessor's output (padding included)."""
    path = osp.join(demo_root, 'leftImg8bit', 'train', 'aachen',
                    'aachen_000000_000019_leftImg8bit.png')
    img = torch.from_numpy(mmcv.imread(path)).permute(2, 0, 1).contiguous()
    label = torch.zeros((1, ) + img.shape[1:], dtype=torch.long)
    gan_dp = MODELS.build(dict(type='SegGANDataPreprocessor', num_classes=19))
    seg_dp = MODELS.build(dict(SEG_DP, bgr_to_rgb=bgr_to_rgb,
                               size=(80, 144)))

    def data():
        return dict(inputs=[img], data_samples=[
            SegDataSample(gt_sem_seg=PixelData(data=label.clone()))])

    want = seg_dp(data(), True)
    gan = gan_dp(data(), True)
    got, samples = to_segmentor_batch(
        gan['inputs']['img'], [SegDataSample(gt_sem_seg=PixelData(
            data=label.clone()))], gan_dp, seg_dp)
    torch.testing.assert_close(got, want['inputs'], rtol=0, atol=1e-4)
    assert samples[0].gt_sem_seg.shape == (80, 144)
    assert samples[0].pad_shape == want['data_samples'][0].pad_shape


def test_label_augment_rotates_with_ignored_corners():
    labels = torch.ones(2, 32, 32, dtype=torch.long)
    out = augment_label_batch(labels, np.random.default_rng(0),
                              flip_prob=0.0, scale_range=(1.0, 1.0),
                              rotate_prob=1.0, max_rotate_degree=45)
    assert out.shape == labels.shape and out.dtype == labels.dtype
    assert set(out.unique().tolist()) == {1, 255}
    assert (out[:, 0, 0] == 255).any() or (out[:, 0, -1] == 255).any()


@pytest.mark.slow
def test_train_resume_and_test_through_the_tools(demo_root, tmp_path):
    """tools/train.py: checkpoints hold the three networks and their
    optimizers; 2 iterations + --resume == 4 straight (warm-up of 1, then
    the task term); tools/test.py scores the segmentor."""
    options = {
        **TINY, **_loader_options(demo_root),
        # a worker of its own: the pipeline's draws are then not the
        # main process's, whose state RNGStateHook restores
        'train_dataloader.num_workers': 1,
        'train_dataloader.persistent_workers': True,
        'model.task_start_iter': 1,
        'val_cfg': None, 'val_dataloader': None, 'val_evaluator': None,
        'default_hooks.checkpoint.interval': 2,
        'default_hooks.logger.interval': 1,
    }
    straight, split = str(tmp_path / 'straight'), str(tmp_path / 'split')
    run_tool('tools/train.py', CFG, '--work-dir', straight, '--cfg-options',
             *_cli({**options, 'train_cfg.max_iters': 4}))
    ckpt = _load_checkpoint(osp.join(straight, 'iter_4.pth'), 'cpu')
    prefixes = {k.split('.')[0] for k in ckpt['state_dict']}
    assert {'generator', 'discriminator', 'segmentor'} <= prefixes
    assert set(ckpt['optimizer']) == {'generator', 'discriminator',
                                      'segmentor'}
    logs = read_scalars(straight)
    assert 'loss_task' not in logs[1] and 'loss_seg' in logs[1]
    assert {'loss_task', 'task_grad_share', 'loss_seg'} <= set(logs[2])
    # the first half of a split run: the straight run's checkpoint at 2
    shutil.copytree(straight, split, ignore=shutil.ignore_patterns(
        'iter_4.pth', 'last_checkpoint', '2*'))
    run_tool('tools/train.py', CFG, '--work-dir', split, '--resume',
             '--cfg-options', *_cli({**options, 'train_cfg.max_iters': 4}))
    assert_resume_is_exact(straight, split,
                           ['loss_g', 'loss_d', 'loss_task', 'loss_seg'],
                           iters=(3, 4), last=4)
    proc = run_tool('tools/test.py', CFG, osp.join(straight, 'iter_4.pth'),
                    '--work-dir', str(tmp_path / 'test'), '--cfg-options',
                    *_cli({k: v for k, v in options.items()
                           if not k.startswith('train_')}))
    assert 'mIoU' in proc.stdout + proc.stderr
    # the segmentor alone, as a plain mmseg checkpoint: it loads strictly
    # into the demo UNet config and scores the same
    plain = str(tmp_path / 'plain.pth')
    run_tool('tools/model_converters/drop_discriminator.py',
             osp.join(straight, 'iter_4.pth'), plain)
    plain_cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'demo',
        'unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py'))
    plain_cfg.merge_from_dict({
        k.replace('model.segmentor.', 'model.'): v
        for k, v in TINY.items() if k.startswith('model.segmentor.')})
    segmentor = MODELS.build(plain_cfg.model)
    state = torch.load(plain, map_location='cpu',
                       weights_only=True)['state_dict']
    segmentor.load_state_dict(state, strict=True)
    for key, value in state.items():
        assert torch.equal(value, ckpt['state_dict']['segmentor.' + key])
    plain_cfg.dump(str(tmp_path / 'plain_cfg.py'))
    proc2 = run_tool('tools/test.py', str(tmp_path / 'plain_cfg.py'), plain,
                     '--work-dir', str(tmp_path / 'test_plain'),
                     '--cfg-options', *_cli({
                         k: v for k, v in _loader_options(demo_root).items()
                         if k.startswith('test_')}))
    miou = [line for line in (proc.stdout + proc.stderr).splitlines()
            if 'mIoU:' in line]
    miou_plain = [line for line in (proc2.stdout + proc2.stderr).splitlines()
                  if 'mIoU:' in line]
    assert miou and miou[-1].split('mIoU:')[1].split()[0] == \
        miou_plain[-1].split('mIoU:')[1].split()[0]
