"""The semi-supervised mode of AdversarialSegmentor (Hung et al., s4GAN)."""
import copy
import os.path as osp

import pytest
import torch
from conftest import REPO, run_tool
from mmengine.config import Config
from mmengine.runner import Runner
from torch.nn.modules.batchnorm import _BatchNorm

SEMI = osp.join(
    REPO, 'configs', 'demo',
    'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


def _semi_runner(demo_root, work_dir, max_iters=1, discriminator=None,
                 **semi_cfg):
    cfg = Config.fromfile(SEMI)
    if discriminator is not None:
        cfg.model.adversarial_head.discriminator = discriminator
    cfg.work_dir = str(work_dir)
    cfg.train_dataloader.dataset.labeled.data_root = demo_root
    cfg.train_dataloader.update(batch_size=2, num_workers=0,
                                persistent_workers=False)
    cfg.model.semi_cfg.update(semi_cfg)
    cfg.train_cfg.max_iters = max_iters
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    cfg.default_hooks.checkpoint.interval = 1000
    return Runner.from_cfg(cfg)


def test_semi_supervised_self_training_follows_confidence(
        demo_root, tmp_path):
    runner = _semi_runner(demo_root, tmp_path, start_iter=0,
                          confidence_threshold=0.0)
    runner.train()
    hub = runner.message_hub
    # every pixel confident: self-training on all unlabeled pixels
    assert hub.get_scalar('train/unlabeled.confident').current() == 1.0
    assert hub.get_scalar('train/unlabeled.loss_semi').current() > 0
    assert hub.get_scalar('train/unlabeled.loss_adv').current() > 0
    # no pixel confident: the self-training loss has nothing to learn from
    runner.model.semi_cfg['confidence_threshold'] = 1.0
    runner.train_loop._max_iters = 2
    runner.train_loop.run()
    assert hub.get_scalar('train/unlabeled.confident').current() == 0.0
    assert hub.get_scalar('train/unlabeled.loss_semi').current() == 0.0


def test_semi_warmup_holds_back_both_adversarial_terms(demo_root, tmp_path):
    runner = _semi_runner(demo_root, tmp_path, max_iters=2, start_iter=0,
                          confidence_threshold=0.0)
    runner.model.adversarial_head.adv_start_iter = 1
    runner.train()
    hub = runner.message_hub
    for key in ('train/loss_adv', 'train/unlabeled.loss_adv'):
        first, second = hub.get_scalar(key).data[0]
        assert first == 0 and second > 0, key
    # self-training keeps its own start (the confidence map is still made)
    assert all(v > 0 for v in hub.get_scalar(
        'train/unlabeled.loss_semi').data[0])


def test_semi_confident_share_ranks_pixels(demo_root, tmp_path):
    # a threshold no pixel passes; the share still picks the top quarter
    runner = _semi_runner(demo_root, tmp_path, start_iter=0,
                          confidence_threshold=1.0, confident_share=0.25)
    runner.train()
    hub = runner.message_hub
    assert hub.get_scalar('train/unlabeled.confident').current() == \
        pytest.approx(0.25, abs=0.02)
    assert hub.get_scalar('train/unlabeled.loss_semi').current() > 0
    with pytest.raises(ValueError, match='confident_share must be in'):
        _semi_runner(demo_root, tmp_path / 'bad', confident_share=1.5)
    with pytest.raises(ValueError, match='class_balanced needs'):
        _semi_runner(demo_root, tmp_path / 'bad2', class_balanced=True)


def test_unlabeled_forward_can_leave_the_bn_statistics_alone(demo_root,
                                                             tmp_path):
    def running_stats(flag):
        """The statistics after one step, as saved, with the unlabeled
        images as loaded and brightened."""
        runner = _semi_runner(demo_root, tmp_path / str(flag),
                              start_iter=0, confidence_threshold=0.0,
                              unlabeled_bn_stats=flag)
        model = runner.model
        model.train()
        batch = model.preprocess_train_batch(next(iter(
            runner.train_dataloader)))
        saved = copy.deepcopy(model.state_dict())
        stats = []
        for scale in (1.0, 3.0):
            model.load_state_dict(saved)
            step = dict(batch, unlabeled_inputs=batch['unlabeled_inputs'] *
                        scale)
            model.generator_losses(**step)
            model.discriminator_losses(cache=None, **step)
            stats.append({k: v.clone() for k, v in model.state_dict().items()
                          if 'running_' in k})
        bns = [m for m in model.modules() if isinstance(m, _BatchNorm)]
        assert bns and all(bn.momentum == 0.1 for bn in bns)  # restored
        return {k: v for k, v in saved.items() if 'running_' in k}, stats

    before, (held, held_other) = running_stats(False)
    _, (updated, updated_other) = running_stats(True)
    # the labelled passes still update them; the unlabeled images do not
    assert any(not torch.equal(before[k], held[k]) for k in before)
    assert all(torch.equal(held[k], held_other[k]) for k in held)
    assert any(not torch.equal(updated[k], updated_other[k])
               for k in updated)


def test_semi_supervised_waits_for_start_iter(demo_root, tmp_path):
    runner = _semi_runner(demo_root, tmp_path, start_iter=5)
    runner.train()
    scalars = runner.message_hub.log_scalars
    assert 'train/unlabeled.loss_adv' in scalars
    assert 'train/unlabeled.loss_semi' not in scalars


def test_semi_config_without_unlabeled_data_fails_clearly(
        demo_root, tmp_path):
    runner = _semi_runner(demo_root, tmp_path)
    runner.cfg.train_dataloader.dataset = \
        runner.cfg.train_dataloader.dataset.labeled
    runner._train_dataloader = runner.cfg.train_dataloader
    with pytest.raises(KeyError, match='SemiSupervisedSegDataset'):
        runner.train()


@pytest.mark.slow
def test_semi_supervised_dist_train_two_processes_on_cpu(demo_root,
                                                         tmp_path):
    proc = run_tool(
        'bash', 'tools/dist_train.sh', SEMI, 2, '--work-dir', str(tmp_path),
        '--cfg-options',
        f'train_dataloader.dataset.labeled.data_root={demo_root}',
        'train_dataloader.batch_size=1', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'train_cfg.max_iters=2', 'model.semi_cfg.start_iter=0',
        'val_cfg=None', 'val_dataloader=None', 'val_evaluator=None',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1', env={'PORT': '29623'})
    log = proc.stdout + proc.stderr
    assert 'GPU number: 2' in log and 'unlabeled.loss_semi' in log
    assert osp.isfile(osp.join(str(tmp_path), 'iter_2.pth'))


def test_semi_s4gan_feature_matching_and_image_selection(demo_root,
                                                         tmp_path):
    # s4GAN: an image-level discriminator, the segmentor trained by feature
    # matching, whole unlabeled images self-trained above a threshold
    runner = _semi_runner(
        demo_root, tmp_path, start_iter=0, confidence_threshold=0.0,
        discriminator=dict(type='ImageLabelDiscriminator', base_channels=4,
                           dropout=0.5, feature_matching=True))
    head = runner.model.adversarial_head
    assert head.feature_matching
    runner.train()
    hub = runner.message_hub
    for key in ('loss_adv', 'unlabeled.loss_adv', 'unlabeled.loss_semi'):
        assert hub.get_scalar(f'train/{key}').current() > 0, key
    assert hub.get_scalar('train/unlabeled.confident').current() == 1.0
    # one confidence per image: a threshold keeps or drops whole images
    probs = torch.rand(2, 19, 16, 16).softmax(1)
    _, conf = head.unlabeled_losses(probs, torch.rand(2, 3, 16, 16), 1.0,
                                    real=dict(img=torch.rand(1, 3, 16, 16),
                                              seg=probs[:1]))
    assert all(torch.unique(c).numel() == 1 for c in conf)
    with pytest.raises(ValueError, match='needs the real batch'):
        head.unlabeled_losses(probs, torch.rand(2, 3, 16, 16), 1.0)
