"""The mode-seeking loss of SemanticSynthesisGAN (MSGAN)."""
import numpy as np
import pytest
import torch
from conftest import REPO
from mmengine.config import Config
from mmseg.registry import MODELS

from mmseg_gan.evaluation import sample_diversity
from mmseg_gan.models.utils import labels_to_onehot

CFG = f'{REPO}/configs/synthesis/pix2pix-ms_1xb4-1k_camvid-144x192.py'


def _model(weight=1.0, **generator):
    torch.manual_seed(0)
    cfg = Config.fromfile(CFG)
    cfg.model.generator.update(num_down=5, base_channels=8, **generator)
    cfg.model.mode_seeking_weight = weight
    return MODELS.build(cfg.model)


def _batch(n=2, h=32, w=32):
    torch.manual_seed(0)
    labels = torch.randint(0, 11, (n, h, w))
    seg = labels_to_onehot(labels, 11, 255)
    return labels, dict(seg=seg, img=torch.rand(n, 3, h, w) * 2 - 1)


def test_config_turns_it_on_for_pix2pix_with_noise():
    cfg = Config.fromfile(CFG)
    assert cfg.model.mode_seeking_weight == 0.1
    assert cfg.model.generator.noise_channels == 32
    assert cfg.model.l1_loss_weight == 100.0


def test_loss_is_logged_and_has_the_msgan_value():
    model = _model(weight=2.0)
    _, inputs = _batch()
    torch.manual_seed(1)
    losses, cache = model.generator_losses(inputs, [])
    assert {'loss_g_ms', 'loss_g_l1'} <= set(losses)
    # the same draws again: the first fake, then the second noise
    torch.manual_seed(1)
    fake = model.generate(inputs['seg'], use_ema=False)
    other = model.generate(inputs['seg'], use_ema=False)
    ratio = (fake['img'] - other['img']).abs().mean() / (
        fake['noise'] - other['noise']).abs().mean()
    assert torch.allclose(losses['loss_g_ms'], 2.0 / (ratio + 1e-5))
    assert torch.equal(cache['fake']['noise'], fake['noise'])


def test_its_gradient_makes_renderings_of_one_map_differ():
    """Twenty Adam steps on the loss alone raise the within-map diversity
    (an untrained U-Net's renderings already differ a little)."""
    model = _model()
    labels, inputs = _batch()
    model.eval()
    before = sample_diversity(model, list(labels.numpy()), num_samples=3)
    model.train()
    optim = torch.optim.Adam(model.generator.parameters(), lr=1e-3)
    for _ in range(20):
        loss = model.extra_generator_losses(
            inputs, model.generate(inputs['seg'], use_ema=False))['loss_g_ms']
        optim.zero_grad()
        loss.backward()
        optim.step()
    model.eval()
    after = sample_diversity(model, list(labels.numpy()), num_samples=3)
    assert after['within'] > 3 * before['within'], (before, after)


def test_off_by_default_and_no_noise_is_a_clear_error():
    _, inputs = _batch()
    losses, _ = _model(weight=0.0).generator_losses(inputs, [])
    assert 'loss_g_ms' not in losses
    with pytest.raises(ValueError, match='noise_channels'):
        _model(noise_channels=0)
    with pytest.raises(ValueError, match='>= 0'):
        _model(weight=-1.0)


def test_noise_drawn_by_the_model_renders_what_the_generator_drew():
    """Drawing the noise in generate() keeps earlier renderings: the same
    seed gives the same image as the generator's own draw."""
    model = _model(weight=0.0).eval()
    _, inputs = _batch()
    torch.manual_seed(3)
    img = model.generate(inputs['seg'])['img']
    torch.manual_seed(3)
    direct = model.generator(inputs['seg'])
    assert np.allclose(img.detach().numpy(), direct.detach().numpy())
