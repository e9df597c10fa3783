"""Each behaviour fixed to match a reference implementation, pinned.

docs/differences.md lists them (and the differences that remain).
"""
import copy
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from conftest import DEMO_GAN_CFGS, REPO
from mmengine.config import Config
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmseg_gan.models.utils import labels_to_onehot, select_confident

C = 5


def _config(*parts):
    return Config.fromfile(osp.join(REPO, 'configs', *parts))


# --------------------------------------------------------- SPADE / OASIS
def _block_sizes(gen, seg):
    sizes = []
    hooks = [b.register_forward_hook(
        lambda m, args, out: sizes.append((tuple(args[0].shape[2:]),
                                           tuple(out.shape[2:]))))
             for b in gen.blocks]
    gen(seg)
    for h in hooks:
        h.remove()
    return sizes


def test_spade_generator_last_block_runs_at_the_image_resolution():
    gen = MODELS.build(dict(type='SPADEGenerator', num_classes=C,
                            base_channels=4, hidden_channels=8,
                            channel_multipliers=(4, 4, 2, 1),
                            noise_channels=2))
    seg = labels_to_onehot(torch.randint(0, C, (2, 32, 64)), C)
    sizes = _block_sizes(gen, seg)
    # OASIS: upsample after every block but the last
    assert sizes == [((8, 16), (8, 16)), ((16, 32), (16, 32)),
                     ((32, 64), (32, 64))]
    assert gen(seg).shape == (2, 3, 32, 64)


def test_spade_normal_layout_of_the_base_config():
    cfg = _config('_base_', 'models', 'spade.py').model.generator
    cfg.update(num_classes=C, base_channels=1, hidden_channels=4)
    gen = MODELS.build(cfg)
    seg = labels_to_onehot(torch.randint(0, C, (1, 64, 64)), C)
    sizes = [s[0] for s in _block_sizes(gen, seg)]
    # head_0 at 1/32, G_middle_0/1 at 1/16, up_0..up_3 at 1/8 .. 1/1
    assert sizes == [(2, 2), (4, 4), (4, 4), (8, 8), (16, 16), (32, 32),
                     (64, 64)]
    assert cfg.noise_channels == 0  # SPADE without its VAE: no noise


def test_spade_generator_rejects_a_layout_of_the_wrong_length():
    with pytest.raises(ValueError, match='upsample_after has 2 entries for 3'):
        MODELS.build(dict(type='SPADEGenerator', num_classes=C,
                          channel_multipliers=(4, 4, 2, 1),
                          upsample_after=(True, False)))


def _demo_batches(n_batches, n=2, h=64, w=128, seed=0):
    g = torch.Generator().manual_seed(seed)
    batches = []
    for _ in range(n_batches):
        inputs, samples = [], []
        for _ in range(n):
            inputs.append(torch.randint(0, 256, (3, h, w), generator=g,
                                        dtype=torch.uint8))
            label = torch.randint(0, 19, (1, h, w), generator=g)
            samples.append(SegDataSample(gt_sem_seg=PixelData(data=label)))
        batches.append(dict(inputs=inputs, data_samples=samples))
    return batches


def _bn_stats(module):
    return {k: v.clone() for k, v in module.state_dict().items()
            if 'running' in k}


def test_ema_batchnorm_statistics_are_recomputed_for_the_ema_weights():
    cfg = Config.fromfile(DEMO_GAN_CFGS['spade_1xb4-300']).model
    cfg.ema_config = dict(momentum=0.5)
    model = MODELS.build(cfg)
    batches = _demo_batches(3)
    # the live generator learns some statistics; the EMA copies them
    model.train()
    for batch in batches:
        seg = model.data_preprocessor(batch, True)['inputs']['seg']
        model.generator(seg * 3.0)
    model.generator_ema.update_parameters(model.generator)
    with torch.no_grad():  # the EMA's weights differ from the live ones
        for p in model.generator_ema.module.parameters():
            p.mul_(0.5)
    live = _bn_stats(model.generator)
    assert all(torch.equal(live[k], v) for k, v in
               _bn_stats(model.generator_ema.module).items())
    expected_module = copy.deepcopy(model.generator_ema.module).train()
    model.eval()

    torch.manual_seed(7)
    after_seed = torch.rand(3)
    torch.manual_seed(7)
    assert model.recalibrate_ema_bn(batches) == 3
    assert not model.generator_ema.module.training  # mode restored
    # the training random stream goes on as without the recalibration
    torch.testing.assert_close(torch.rand(3), after_seed)
    torch.manual_seed(7)
    with torch.no_grad():
        for batch in batches:
            seg = model.data_preprocessor(batch, True)['inputs']['seg']
            expected_module(seg, torch.randn(seg.shape[0],
                                             model.noise_size))
    got = _bn_stats(model.generator_ema.module)
    for key, value in _bn_stats(expected_module).items():
        torch.testing.assert_close(got[key], value, msg=key)
    assert any(not torch.allclose(got[k], live[k]) for k in live)


def test_recalibration_is_a_no_op_without_an_ema():
    cfg = Config.fromfile(DEMO_GAN_CFGS['pix2pix_1xb4-300']).model
    model = MODELS.build(cfg)
    assert model.generator_ema is None
    assert model.recalibrate_ema_bn(_demo_batches(1)) == 0


def test_oasis_labelmix_draws_one_coin_per_class_for_the_batch():
    disc = MODELS.build(dict(type='OASISDiscriminator', num_classes=C,
                             base_channels=4, channel_multipliers=(1, 2)))
    torch.manual_seed(0)
    label = torch.randint(0, C, (8, 6, 6))
    label[:, 0, 0] = 255

    def values_per_class(mask):
        return [len(mask[:, 0][label == c].unique())
                for c in [*range(C), 255]]

    for _ in range(5):
        # every image takes the same decision for a class
        assert max(values_per_class(disc._labelmix_mask(label))) == 1
    disc.labelmix_per_image = True
    assert any(max(values_per_class(disc._labelmix_mask(label))) == 2
               for _ in range(10))


def test_oasis_class_weights_are_normalised_by_every_pixel():
    disc = MODELS.build(dict(type='OASISDiscriminator', num_classes=C,
                             base_channels=4, channel_multipliers=(1, 2)))
    label = torch.zeros(1, 4, 4, dtype=torch.long)
    label[0, :, 1:] = 1
    label[0, 0] = 255  # 4 ignored, 3 of class 0, 9 of class 1
    w = disc._class_weights(label)
    # OASIS: numel(label) / (classes present * count of the class)
    for c, count in ((0, 3), (1, 9)):
        torch.testing.assert_close(w[label == c],
                                   torch.full((count, ), 16 / (2 * count)))
    assert torch.all(w[label == 255] == 0)


def test_oasis_discriminator_classifier_reads_base_channels():
    disc = MODELS.build(dict(type='OASISDiscriminator', num_classes=C,
                             base_channels=4,
                             channel_multipliers=(2, 2, 4, 4, 8, 8)))
    # boschresearch/OASIS: the last decoder block ends at 64 = ch, 1x1 conv
    assert disc.out.in_channels == 4
    assert [b.conv2[1].out_channels for b in disc.up] == \
        [32, 16, 16, 8, 8, 4]
    assert disc(torch.rand(1, 3, 64, 64)).shape == (1, C + 1, 64, 64)


# ----------------------------------------------------------------- PatchGAN
def _receptive_field(disc_cfg, size=192):
    disc = MODELS.build(disc_cfg).eval()
    with torch.no_grad():
        for m in disc.modules():
            if isinstance(m, torch.nn.Conv2d):
                m.weight.fill_(0.01)
    img = torch.zeros(1, 3, size, size, requires_grad=True)
    seg = torch.zeros(1, C, size, size)
    out = disc(img, seg)[0][-1]
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows = img.grad.abs().sum(dim=(0, 1, 3)).nonzero()
    return int(rows.max() - rows.min() + 1)


@pytest.mark.parametrize('cfg_file', ['pix2pix.py', 'spade.py'])
def test_patchgan_sees_70x70_patches(cfg_file):
    cfg = _config('_base_', 'models', cfg_file).model.discriminator
    # the conv geometry alone: InstanceNorm would spread every gradient
    cfg.update(num_classes=C, base_channels=4, num_scales=1, norm_cfg=None,
               spectral_norm=False)
    assert _receptive_field(cfg) == 70
    cfg.num_layers = 3
    assert _receptive_field(cfg) == 34


def test_patchgan_first_conv_has_no_spectral_norm():
    disc = MODELS.build(dict(type='MultiScalePatchDiscriminator',
                             num_classes=C, num_scales=1, base_channels=4))
    layers = disc.discriminators[0].layers
    assert not hasattr(layers[0].conv, 'weight_orig')
    assert hasattr(layers[1].conv, 'weight_orig')


# ------------------------------------------------- the discriminator's fakes
def test_synthesis_discriminator_step_renders_with_the_updated_generator():
    for reuse in (False, True):
        cfg = Config.fromfile(DEMO_GAN_CFGS['spade_1xb4-300']).model
        cfg.reuse_fake = reuse
        model = MODELS.build(cfg)
        batch = model.preprocess_train_batch(_demo_batches(1)[0])
        calls = []
        model.generator.register_forward_hook(
            lambda *a, calls=calls: calls.append(1))
        losses, cache = model.generator_losses(**batch)
        model.discriminator_losses(cache=cache, **batch)
        assert len(calls) == (1 if reuse else 2)


# ----------------------------------------------------- VGG perceptual loss
def test_vgg_loss_needs_its_local_weights(tmp_path):
    missing = str(tmp_path / 'vgg19.pth')
    with pytest.raises(FileNotFoundError, match='vgg19.pth'):
        MODELS.build(dict(type='VGGPerceptualLoss', vgg_checkpoint=missing))


def test_vgg_loss_is_spades(tmp_path):
    from torchvision.models import vgg19
    torch.manual_seed(0)
    features = vgg19().features[:30]
    path = str(tmp_path / 'vgg19.pth')
    torch.save({f'features.{k}': v
                for k, v in features.state_dict().items()}, path)
    loss = MODELS.build(dict(type='VGGPerceptualLoss', vgg_checkpoint=path))
    assert not list(loss.parameters())  # neither trained nor saved
    fake = (torch.rand(2, 3, 32, 32) * 2 - 1).requires_grad_()
    real = torch.rand(2, 3, 32, 32) * 2 - 1
    got = loss(fake, real)
    expected, x, y = 0.0, fake, real
    weights = {1: 1 / 32, 6: 1 / 16, 11: 1 / 8, 20: 1 / 4, 29: 1.0}
    for i, layer in enumerate(features.eval()):
        x, y = layer(x), layer(y)
        if i in weights:
            expected = expected + weights[i] * F.l1_loss(x, y)
    torch.testing.assert_close(got, 10.0 * expected)
    got.backward()
    assert fake.grad.abs().sum() > 0


# ------------------------------------------------ Hung / s4GAN self-training
def _semi_segmentor(**semi):
    cfg = _config('demo', 'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-'
                  'cityscapes-64x128.py').model
    cfg.semi_cfg.update(semi)
    return MODELS.build(cfg)


@pytest.mark.parametrize('norm', ['selected', 'decode_head'])
def test_self_training_loss_is_the_mean_over_the_selected_pixels(norm):
    model = _semi_segmentor(loss_norm=norm)
    n_cls = model.num_classes
    torch.manual_seed(0)
    logits = torch.randn(2, n_cls, 16, 32)
    pseudo = logits.argmax(1)
    # the decode head's logits come at 1/1 here; the class map's size
    keep = torch.rand(2, 16, 32) < 0.25
    pseudo[~keep] = 255
    samples = [SegDataSample(metainfo=dict(img_shape=(16, 32)))
               for _ in range(2)]
    got = model._self_training_loss(logits, pseudo.clone(), keep, samples,
                                    (16, 32), 255)
    ce = F.cross_entropy(logits, pseudo, ignore_index=255, reduction='sum')
    if norm == 'selected':
        torch.testing.assert_close(got, ce / keep.sum())
        none = torch.zeros_like(keep)
        zero = model._self_training_loss(
            logits, torch.full_like(pseudo, 255), none, samples, (16, 32),
            255)
        assert float(zero) == 0.0
    else:  # mmseg's cross-entropy averages over every pixel
        torch.testing.assert_close(got, ce / keep.numel(), rtol=1e-4,
                                   atol=1e-6)


def test_hung_threshold_keeps_pixels_at_the_threshold():
    conf = torch.tensor([[[0.1, 0.2, 0.3]]])
    assert select_confident(conf, conf.long(), None, 0.2).tolist() == \
        [[[False, True, True]]]


def test_s4gan_fakes_are_the_unlabeled_predictions_only():
    head = MODELS.build(dict(
        type='AdversarialHead', discriminator=dict(
            type='ImageLabelDiscriminator', num_classes=C, base_channels=4,
            dropout=0.0, feature_matching=True)))
    torch.manual_seed(0)
    img, u_img = torch.rand(2, 3, 32, 32), torch.rand(3, 3, 32, 32)
    probs = torch.rand(2, C, 32, 32).softmax(1)
    u_probs = torch.rand(3, C, 32, 32).softmax(1)
    gt = labels_to_onehot(torch.randint(0, C, (2, 32, 32)), C)
    valid = torch.ones(2, 32, 32, dtype=torch.bool)
    got = head.loss_discriminator(probs, gt, valid, img,
                                  unlabeled=(u_probs, u_img),
                                  labeled_as_fake=False)
    real = head.real_batch(gt, probs, valid, img)
    fake = dict(img=u_img, seg=u_probs, valid=torch.ones(3, 32, 32,
                                                         dtype=torch.bool))
    want = head.discriminator.loss_discriminator(real, fake)
    for key in want:
        torch.testing.assert_close(got[key], want[key])
    hung = head.loss_discriminator(probs, gt, valid, img,
                                   unlabeled=(u_probs, u_img))
    assert not torch.allclose(hung['loss_d_fake'], got['loss_d_fake'])
    with pytest.raises(ValueError, match='labeled_as_fake=False needs'):
        head.loss_discriminator(probs, gt, valid, img, labeled_as_fake=False)
    s4gan = _config('cgan', 'cgan-s4gan_unet-s5-d16-w32_fcn_1xb4-2k_'
                    'camvid-half-128x160.py').model
    assert s4gan.semi_cfg.labeled_as_fake is False
    assert s4gan.adversarial_head.real_smoothing == 0.0


def test_cgan_discriminator_lr_decays_to_zero(demo_root, tmp_path):
    from mmengine.runner import Runner
    cfg = _config('demo',
                  'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
    cfg.work_dir = str(tmp_path)
    cfg.train_dataloader.dataset.data_root = demo_root
    cfg.train_dataloader.update(batch_size=2, num_workers=0,
                                persistent_workers=False)
    cfg.train_cfg.max_iters = 4
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    runner = Runner.from_cfg(cfg)
    runner.train()
    disc = runner.param_schedulers['discriminator']
    assert len(disc) == 1 and disc[0].eta_min == 0.0
    assert disc[0].end == 4  # train_cfg.max_iters, not a copied number
    # Hung: lr_D = 1e-4 * (1 - it / max_it) ** 0.9, reaching 0
    lr = runner.optim_wrapper['discriminator'].get_lr()['lr'][0]
    assert lr == pytest.approx(0.0, abs=1e-12)
    assert runner.optim_wrapper['generator'].get_lr()['lr'][0] > 0
