"""The adversarial (cGAN) segmentor: supervised mode."""
import os.path as osp

import pytest
import torch
from conftest import REPO, assert_resume_is_exact, run_tool, small_seg_options
from mmengine.config import Config
from mmengine.runner import Runner
from mmseg.registry import MODELS

CGAN = osp.join(REPO, 'configs', 'demo',
                'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


@pytest.mark.parametrize('disc', [
    dict(type='FCPixelDiscriminator', num_classes=5, base_channels=4),
    dict(type='ImageLabelDiscriminator', num_classes=5, base_channels=4),
])
def test_discriminators_build_and_score(disc):
    d = MODELS.build(disc)
    out = d(torch.rand(2, 3, 32, 32), torch.rand(2, 5, 32, 32))  # img, seg
    assert out.shape in {(2, 1, 32, 32), (2, 1)}


def test_channel_mismatch_fails_at_build():
    cfg = Config.fromfile(CGAN)
    cfg.model.adversarial_head.discriminator.num_classes = 11
    with pytest.raises(ValueError) as err:
        MODELS.build(cfg.model)
    assert 'num_classes is 11' in str(err.value)
    assert 'decode_head.num_classes is 19' in str(err.value)


def test_ignored_pixels_do_not_reach_the_discriminator_loss():
    head = MODELS.build(
        dict(type='AdversarialHead',
             discriminator=dict(type='FCPixelDiscriminator', num_classes=3,
                                base_channels=4)))
    valid = torch.ones(1, 32, 32, dtype=torch.bool)
    valid[:, :16] = False
    img = torch.rand(1, 3, 32, 32)
    onehot = torch.zeros(1, 3, 32, 32)
    onehot[:, 0, 16:] = 1
    probs = torch.rand(1, 3, 32, 32).softmax(1)
    base = head.loss_discriminator(probs, onehot, valid, img)
    changed = probs.clone()
    changed[:, :, :16] = torch.rand(1, 3, 16, 32).softmax(1)  # ignored
    again = head.loss_discriminator(changed, onehot, valid, img)
    for key in base:
        torch.testing.assert_close(base[key], again[key])


def test_real_smoothing_and_logged_balance():
    head = MODELS.build(
        dict(type='AdversarialHead', real_smoothing=0.3,
             discriminator=dict(type='FCPixelDiscriminator', num_classes=3,
                                base_channels=4)))
    valid = torch.ones(2, 32, 32, dtype=torch.bool)
    valid[:, :4] = False
    onehot = torch.zeros(2, 3, 32, 32)
    onehot[:, 1] = 1
    onehot[:, :, :4] = 0
    probs = torch.rand(2, 3, 32, 32).softmax(1)
    soft = head.smooth_real(onehot, probs, valid)
    # on the simplex, ground-truth argmax kept, zero where ignored
    torch.testing.assert_close(soft.sum(1)[valid], torch.ones(2 * 28 * 32))
    torch.testing.assert_close(soft[:, 0], 0.3 * probs[:, 0] * valid)
    assert (soft.argmax(1)[valid] == 1).all() and (soft[:, :, :4] == 0).all()
    losses = head.loss_discriminator(probs, onehot, valid,
                                     torch.rand(2, 3, 32, 32))
    assert {'d_real', 'd_fake'} <= set(losses)
    assert all(0 < float(losses[k]) < 1 for k in ('d_real', 'd_fake'))
    assert not losses['d_real'].requires_grad  # logged, not optimised
    with pytest.raises(ValueError, match='real_smoothing must be in'):
        MODELS.build(dict(type='AdversarialHead', real_smoothing=1.0,
                          discriminator=dict(type='FCPixelDiscriminator',
                                             num_classes=3)))


def _cgan_runner(demo_root, tmp_path, max_iters=1):
    cfg = Config.fromfile(CGAN)
    cfg.work_dir = str(tmp_path)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = demo_root
        cfg[loader].num_workers = 0
        cfg[loader].persistent_workers = False
    cfg.train_dataloader.batch_size = 2
    cfg.train_cfg.max_iters = max_iters
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.default_hooks.checkpoint.interval = 1000
    return cfg


def test_step_updates_each_network_only_through_its_optimizer(
        demo_root, tmp_path):
    runner = Runner.from_cfg(_cgan_runner(demo_root, tmp_path))
    runner.train()  # builds and initialises; one step
    model, optim = runner.model, runner.optim_wrapper
    gen_ids = {id(p) for g in optim['generator'].param_groups
               for p in g['params']}
    disc_ids = {id(p) for p in model.adversarial_head.parameters()}
    assert gen_ids and disc_ids and not gen_ids & disc_ids
    assert gen_ids | disc_ids == {id(p) for p in model.parameters()}
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    runner.train_loop._max_iters = 2
    runner.train_loop.run()
    changed = {n for n, p in model.named_parameters()
               if not torch.equal(before[n], p)}
    assert any(n.startswith('adversarial_head.') for n in changed)
    assert any(n.startswith('backbone.') for n in changed)


def test_discriminator_interval_skips_discriminator_updates(
        demo_root, tmp_path):
    cfg = _cgan_runner(demo_root, tmp_path)
    cfg.model.discriminator_interval = 2
    runner = Runner.from_cfg(cfg)
    model = runner.model

    def step():
        before = {n: p.detach().clone() for n, p in model.named_parameters()}
        runner.train_loop._max_iters += 1
        runner.train_loop.run()
        return {n.split('.')[0] for n, p in model.named_parameters()
                if not torch.equal(before[n], p)}

    runner.train()  # iteration 0: both networks step
    changed = step()  # iteration 1: only the segmentor
    assert 'backbone' in changed and 'adversarial_head' not in changed
    changed = step()  # iteration 2: both again
    assert {'backbone', 'adversarial_head'} <= changed
    for bad in (dict(discriminator_interval=0),
                dict(discriminator_steps=2, discriminator_interval=2)):
        cfg.model.update(discriminator_steps=1, discriminator_interval=1)
        cfg.model.update(bad)
        with pytest.raises(ValueError, match='discriminator_'):
            MODELS.build(cfg.model)


def test_adversarial_warmup_ramps_lambda_and_skips_the_term_before_it(
        demo_root, tmp_path):
    cfg = _cgan_runner(demo_root, tmp_path, max_iters=4)
    cfg.model.adversarial_head.update(adv_start_iter=1, adv_ramp_iters=2)
    runner = Runner.from_cfg(cfg)
    head = runner.model.adversarial_head
    calls = []
    head.discriminator.register_forward_hook(lambda *args: calls.append(1))
    runner.train()
    hub = runner.message_hub
    weight = list(hub.get_scalar('train/adv_weight').data[0])
    lam = head.adv_loss_weight
    # iteration 0: off; 1: half; 2 and 3: the full λ_adv
    assert weight == pytest.approx([0, lam / 2, lam, lam])
    loss_adv = list(hub.get_scalar('train/loss_adv').data[0])
    assert loss_adv[0] == 0 and all(v > 0 for v in loss_adv[1:])
    # the discriminator still learns in iteration 0 (1 call) and is run in
    # both steps after it (2 calls each)
    assert len(calls) == 1 + 2 * 3
    with pytest.raises(ValueError, match='adv_ramp_iters must be an int'):
        MODELS.build(dict(type='AdversarialHead', adv_ramp_iters=-1,
                          discriminator=dict(type='FCPixelDiscriminator',
                                             num_classes=3)))


def test_adaptive_lambda_balances_the_gradients_on_the_classifier():
    disc = dict(type='FCPixelDiscriminator', num_classes=3, base_channels=4)
    head = MODELS.build(dict(type='AdversarialHead', adaptive_grad_ratio=0.5,
                             max_adv_weight=1e4, discriminator=disc))
    classifier = torch.nn.Conv2d(4, 3, 1)
    feat, img = torch.rand(2, 4, 32, 32), torch.rand(2, 3, 32, 32)
    target = torch.randint(0, 3, (2, 32, 32))
    valid = torch.ones(2, 32, 32, dtype=torch.bool)
    logits = classifier(feat)
    loss_seg = torch.nn.functional.cross_entropy(logits, target)
    probs = logits.softmax(1)
    out = head.loss_generator(probs, valid, img,
                              grad_ref=(loss_seg, classifier.weight))
    # the same discriminator with λ_adv 1 gives the unweighted term
    head.adaptive_grad_ratio, head.adv_loss_weight = None, 1.0
    plain = head.loss_generator(probs, valid, img)['loss_adv']
    g_adv, = torch.autograd.grad(plain, classifier.weight, retain_graph=True)
    g_seg, = torch.autograd.grad(loss_seg, classifier.weight,
                                 retain_graph=True)
    expected = 0.5 * g_seg.norm() / g_adv.norm()
    # (up to the 1e-8 that keeps the ratio finite)
    torch.testing.assert_close(out['adv_weight'], expected, rtol=1e-3,
                               atol=0)
    torch.testing.assert_close(out['loss_adv'], out['adv_weight'] * plain)
    assert not out['adv_weight'].requires_grad
    # weighted, the adversarial gradient there is half the supervised one
    g_weighted, = torch.autograd.grad(out['loss_adv'], classifier.weight,
                                      retain_graph=True)
    torch.testing.assert_close(g_weighted.norm(), 0.5 * g_seg.norm(),
                               rtol=1e-3, atol=0)
    head.adaptive_grad_ratio, head.max_adv_weight = 0.5, 1e-6  # capped
    capped = head.loss_generator(probs, valid, img,
                                 grad_ref=(loss_seg, classifier.weight))
    assert float(capped['adv_weight']) == pytest.approx(1e-6)
    with pytest.raises(ValueError, match='does not depend on the classifier'):
        head.loss_generator(probs.detach().requires_grad_(), valid, img,
                            grad_ref=(loss_seg, classifier.weight))
    with pytest.raises(ValueError, match='needs grad_ref'):
        head.loss_generator(probs, valid, img)
    with pytest.raises(ValueError, match='adaptive_grad_ratio must be'):
        MODELS.build(dict(type='AdversarialHead', adaptive_grad_ratio=0,
                          discriminator=disc))


def test_adaptive_lambda_trains_and_is_logged(demo_root, tmp_path):
    cfg = _cgan_runner(demo_root, tmp_path, max_iters=3)
    cfg.model.adversarial_head.update(adaptive_grad_ratio=1e-3,
                                      adv_start_iter=1)
    runner = Runner.from_cfg(cfg)
    runner.train()
    weight = list(runner.message_hub.get_scalar('train/adv_weight').data[0])
    assert weight[0] == 0  # the warm-up still holds it back
    assert all(0 < w < 1 and w != cfg.model.adversarial_head.adv_loss_weight
               for w in weight[1:])
    # a classifier with no single weight cannot be balanced on
    model = runner.model
    model.decode_head.conv_seg = torch.nn.Sequential(
        model.decode_head.conv_seg)
    batch = next(iter(runner.train_dataloader))
    with pytest.raises(ValueError, match='has no conv_seg classifier'):
        model.train_step(batch, runner.optim_wrapper)


def test_decode_head_with_tuple_output(demo_root, tmp_path):
    # mmseg's DAHead returns (pam_cam, pam, cam) logits in every mode; the
    # class map comes through the head's contract (index 0, its predict)
    cfg = _cgan_runner(demo_root, tmp_path)
    cfg.model.decode_head = dict(
        type='DAHead', in_channels=64, in_index=4, channels=16,
        pam_channels=8, num_classes=19, norm_cfg=dict(type='BN'),
        loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0))
    runner = Runner.from_cfg(cfg)
    runner.train()
    hub = runner.message_hub
    assert torch.isfinite(torch.tensor(
        hub.get_scalar('train/loss_adv').current()))
    assert 'train/decode.pam_cam.loss_ce' in hub.log_scalars
    model = runner.model.eval()
    batch = next(iter(runner.train_dataloader))
    with torch.no_grad():
        pred = model.test_step(batch)
    assert pred[0].pred_sem_seg.data.shape[0] == 1
    model.decode_output_index = 2  # an index past the class maps' count
    bad = torch.rand(2, 19, 8, 8), torch.rand(2, 3, 8, 8)
    with pytest.raises(ValueError, match='decode_output_index'):
        model._to_probs(bad + (torch.rand(2, 1, 8, 8), ), (8, 8))


@pytest.mark.slow
def test_trains_tests_and_exports_as_plain_segmentor(demo_root, tmp_path):
    work_dir = str(tmp_path / 'cgan')
    proc = run_tool('tools/train.py', CGAN,
                    *small_seg_options(demo_root, work_dir, max_iters=2))
    log = proc.stdout + proc.stderr
    assert 'loss_adv' in log and 'loss_d_real' in log
    ckpt = osp.join(work_dir, 'iter_2.pth')
    # tools/test.py works unchanged on the adversarial config ...
    proc = run_tool('tools/test.py', CGAN, ckpt,
                    *small_seg_options(demo_root, str(tmp_path / 't1')))
    assert 'mIoU' in proc.stdout + proc.stderr
    # ... and the exported checkpoint loads strictly into the plain config
    plain = str(tmp_path / 'plain.pth')
    run_tool('tools/model_converters/drop_discriminator.py', ckpt, plain)
    plain_cfg = CGAN.replace('cgan_', '')
    from mmseg.apis import init_model
    init_model(plain_cfg, plain, device='cpu',
               cfg_options=dict(model=dict(test_cfg=dict(mode='whole'))))
    sd = torch.load(plain, map_location='cpu', weights_only=True)
    assert not any(k.startswith('adversarial_head') for k in sd['state_dict'])
    proc = run_tool('tools/test.py', plain_cfg, plain,
                    *small_seg_options(demo_root, str(tmp_path / 't2')))
    assert 'mIoU' in proc.stdout + proc.stderr


@pytest.mark.slow
def test_dist_train_two_processes_on_cpu(demo_root, tmp_path):
    work_dir = str(tmp_path)
    proc = run_tool('bash', 'tools/dist_train.sh', CGAN, 2,
                    *small_seg_options(demo_root, work_dir, max_iters=2),
                    env={'PORT': '29619'})
    log = proc.stdout + proc.stderr
    assert 'GPU number: 2' in log and 'loss_adv' in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))


def test_resume_is_exact(demo_root, tmp_path):
    """2 iterations + --resume to 4 == 4 uninterrupted (losses, weights),
    with a validation at iteration 2 in both runs."""
    straight, split = str(tmp_path / 'straight'), str(tmp_path / 'split')
    # a fixed seed; a worker process (its seed, not the main process' RNG,
    # drives the pipeline) so the batches after resuming match
    # and the discriminator's poly schedule, which ends at max_iters by
    # default, pinned to the 4 iterations in both runs
    worker = ['randomness.seed=0', 'train_dataloader.num_workers=1',
              'train_dataloader.persistent_workers=True',
              'param_scheduler.discriminator.0.end=4']
    run_tool('tools/train.py', CGAN,
             *small_seg_options(demo_root, straight, max_iters=4), *worker)
    run_tool('tools/train.py', CGAN,
             *small_seg_options(demo_root, split, max_iters=2), *worker)
    proc = run_tool('tools/train.py', CGAN, '--resume',
                    *small_seg_options(demo_root, split, max_iters=4),
                    *worker)
    assert 'resumed' in (proc.stdout + proc.stderr).lower()
    assert_resume_is_exact(
        straight, split, ('loss_g', 'loss_adv', 'loss_d_real', 'loss_d'),
        iters=(3, 4), last=4)
