import os.path as osp

import pytest
import torch
from conftest import REPO
from mmseg.registry import MODELS

from mmseg_gan.models.utils import labels_to_onehot

C = 5


def _batch(n=2, h=32, w=32, ignore_rows=0):
    label = torch.randint(0, C, (n, h, w))
    label[:, :ignore_rows] = 255
    return dict(img=torch.rand(n, 3, h, w) * 2 - 1, label=label,
                seg=labels_to_onehot(label, C))


def test_multiscale_patch_returns_features_per_scale():
    disc = MODELS.build(
        dict(type='MultiScalePatchDiscriminator', num_classes=C,
             num_scales=3, num_layers=3, base_channels=8))
    b = _batch()
    outs = disc(b['img'], b['seg'])
    assert len(outs) == 3 and all(len(o) == 4 for o in outs)
    assert outs[0][-1].shape[1] == 1
    assert outs[1][-1].shape[-1] < outs[0][-1].shape[-1]  # coarser scale
    losses = disc.loss_generator(b, _batch())
    assert set(losses) == {'loss_g_gan', 'loss_g_fm'}
    assert losses['loss_g_fm'] > 0
    assert set(disc.loss_discriminator(b, _batch())) == {
        'loss_d_real', 'loss_d_fake'
    }


def test_oasis_outputs_classes_plus_fake():
    disc = MODELS.build(
        dict(type='OASISDiscriminator', num_classes=C, base_channels=4,
             channel_multipliers=(1, 2, 2)))
    b = _batch()
    assert disc(b['img']).shape == (2, C + 1, 32, 32)
    losses = disc.loss_discriminator(b, dict(b, img=torch.rand_like(
        b['img'])))
    assert set(losses) == {'loss_d_real', 'loss_d_fake', 'loss_d_labelmix'}


def test_oasis_ignored_pixels_do_not_contribute():
    disc = MODELS.build(
        dict(type='OASISDiscriminator', num_classes=C, base_channels=4,
             channel_multipliers=(1, 2)))
    b = _batch(ignore_rows=8)
    weights = disc._class_weights(b['label'])
    assert torch.all(weights[:, :8] == 0) and torch.all(weights[:, 8:] > 0)
    # class-balanced: every present class gets the same total weight
    totals = torch.stack([weights[b['label'] == c].sum() for c in range(C)])
    torch.testing.assert_close(totals, totals.mean().expand(C))
    # whatever the logits under ignored pixels, the loss stays the same
    logits = torch.randn(2, C + 1, 32, 32)
    target = disc._semantic_target(b['label'])
    base = disc._balanced_ce(logits, b['label'], target)
    logits[:, :, :8] += 100 * torch.randn(2, C + 1, 8, 32)
    torch.testing.assert_close(disc._balanced_ce(logits, b['label'], target),
                               base)


def test_labelmix_mask_follows_class_regions():
    disc = MODELS.build(
        dict(type='OASISDiscriminator', num_classes=C, base_channels=4,
             channel_multipliers=(1, 2)))
    label = torch.randint(0, C, (2, 16, 16))
    mask = disc._labelmix_mask(label)
    assert set(mask.unique().tolist()) <= {0.0, 1.0}
    for n in range(2):
        for c in range(C):
            vals = mask[n, 0][label[n] == c].unique()
            assert len(vals) <= 1  # one decision per class region


def test_joint_dcgan_discriminator_judges_pairs():
    disc = MODELS.build(
        dict(type='JointDCGANDiscriminator', num_classes=C, input_scale=32,
             base_channels=8))
    b = _batch()
    assert disc(b['img'], b['seg']).shape == (2, 1)
    losses = disc.loss_discriminator(b, _batch())
    assert all(v > 0 for v in losses.values())  # BCE


def test_real_and_fake_go_through_the_discriminator_as_one_batch():
    # pix2pix's PatchGAN has BatchNorm: batch statistics of real-only and
    # fake-only batches would let it tell them apart (SPADE's warning)
    disc = MODELS.build(
        dict(type='MultiScalePatchDiscriminator', num_classes=C,
             num_scales=1, num_layers=3, base_channels=8,
             norm_cfg=dict(type='BN'), spectral_norm=False,
             gan_loss=dict(type='GANLoss', gan_type='vanilla'),
             feature_matching_weight=1.0))
    assert disc.has_batch_norm
    sizes = []

    def forward(img, seg):
        sizes.append(len(img))
        return disc(img, seg)

    real, fake = _batch(), _batch()
    disc.loss_discriminator(real, fake, forward=forward)
    assert sizes == [4]
    sizes.clear()
    losses = disc.loss_generator(real, fake, forward=forward)
    assert sizes == [4] and losses['loss_g_fm'] > 0
    # without BatchNorm the generator update needs no real forward for the
    # GAN term (only for feature matching, without gradients)
    plain = MODELS.build(
        dict(type='MultiScalePatchDiscriminator', num_classes=C,
             num_scales=1, num_layers=3, base_channels=8,
             feature_matching_weight=0.0))
    assert not plain.has_batch_norm
    sizes.clear()
    plain.loss_generator(real, fake, forward=lambda i, s: (
        sizes.append(len(i)), plain(i, s))[1])
    assert sizes == [2]


def test_oasis_fake_term_is_plain_mean_as_in_oasis():
    # OASIS balances only the real (and generator) term; every pixel of a
    # generated image should segment as "fake", whatever its label
    disc = MODELS.build(
        dict(type='OASISDiscriminator', num_classes=C, base_channels=4,
             channel_multipliers=(1, 2), labelmix_weight=0.0)).eval()
    real, fake = _batch(), _batch()  # eval: spectral norm stays fixed
    one_class = dict(fake, label=torch.zeros_like(fake['label']))
    a = disc.loss_discriminator(real, fake)['loss_d_fake']
    b = disc.loss_discriminator(real, one_class)['loss_d_fake']
    torch.testing.assert_close(a, b)
    out = disc(torch.cat([real['img'], fake['img']]))[2:]
    target = torch.full_like(fake['label'], C)
    torch.testing.assert_close(
        a, torch.nn.functional.cross_entropy(out, target))


def test_class_map_discriminators_share_the_interface():
    # the cGAN's discriminators take (img, seg) and own their losses
    for cfg in (dict(type='FCPixelDiscriminator', num_classes=C,
                     base_channels=4),
                dict(type='ImageLabelDiscriminator', num_classes=C,
                     base_channels=4)):
        disc = MODELS.build(cfg)
        real, fake = _batch(), _batch()
        fake['seg'] = torch.rand_like(fake['seg']).softmax(1)
        losses = disc.loss_discriminator(real, fake)
        assert set(losses) == {'loss_d_real', 'loss_d_fake', 'd_real',
                               'd_fake'}
        assert set(disc.loss_generator(None, fake)) == {'loss_g_gan'}


def test_oasis_names_a_size_its_unet_cannot_take():
    disc = MODELS.build(
        dict(type='OASISDiscriminator', num_classes=C, base_channels=4,
             channel_multipliers=(1, 2, 2)))
    with pytest.raises(ValueError, match='must be divisible by 8'):
        disc(torch.rand(1, 3, 36, 48))


def test_camvid_oasis_config_takes_its_crop():
    # 144x192: the U-Net's skips only line up for 16, not 32
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'synthesis', 'oasis_1xb4-1k_camvid-144x192.py'))
    disc = MODELS.build(cfg.model.discriminator)
    assert disc(torch.rand(1, 3, 144, 192)).shape == (1, 12, 144, 192)


def test_s4gan_feature_matching_matches_batch_means():
    # s4GAN: the segmentor's maps should match the real maps' mean
    # features; no gradient reaches the real batch, none the GAN term's
    disc = MODELS.build(
        dict(type='ImageLabelDiscriminator', num_classes=C, base_channels=4,
             dropout=0.5, feature_matching=True)).eval()
    assert any(isinstance(m, torch.nn.Dropout2d) for m in disc.modules())
    real, fake = _batch(), _batch(n=3)  # the batches need not pair up
    fake['seg'] = torch.rand_like(fake['seg']).softmax(1).requires_grad_()
    real['seg'].requires_grad_()
    losses = disc.loss_generator(real, fake)
    assert set(losses) == {'loss_g_fm'} and losses['loss_g_fm'] > 0
    losses['loss_g_fm'].backward()
    assert fake['seg'].grad.abs().sum() > 0 and real['seg'].grad is None
    same = dict(img=fake['img'], seg=fake['seg'].detach())
    torch.testing.assert_close(
        disc.loss_generator(same, same)['loss_g_fm'], torch.tensor(0.))
    loss, logits = disc.feature_matching_terms(real, fake)
    assert logits.shape == (3, 1)
    with pytest.raises(ValueError, match='needs the real batch'):
        disc.loss_generator(None, fake)
    with pytest.raises(ValueError, match='dropout must be in'):
        MODELS.build(dict(type='ImageLabelDiscriminator', num_classes=C,
                          dropout=1.0))


def test_fc_pixel_spectral_norm_bounds_every_conv_and_keeps_init():
    disc = MODELS.build(
        dict(type='FCPixelDiscriminator', num_classes=C, base_channels=4,
             spectral_norm=True))
    disc.init_weights()
    convs = [m for m in disc.modules() if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 5
    # the Normal(0.02) init reached the trained weights, not a copy
    for conv in convs:
        assert abs(conv.weight_orig.std().item() - 0.02) < 0.01
    seg = _batch()['seg']
    for _ in range(30):  # power iterations run in train-mode forwards
        disc(None, seg)
    for conv in convs:
        sigma = torch.linalg.matrix_norm(
            conv.weight.detach().flatten(1), ord=2)
        assert abs(sigma.item() - 1.0) < 0.05
    plain = MODELS.build(
        dict(type='FCPixelDiscriminator', num_classes=C, base_channels=4))
    assert not any(hasattr(m, 'weight_orig') for m in plain.modules())
