import pytest
import torch
from mmseg.registry import MODELS

from mmseg_gan.models.utils import labels_to_onehot

C = 19


def _seg(n=2, h=32, w=64):
    return labels_to_onehot(torch.randint(0, C, (n, h, w)), C)


@pytest.mark.parametrize('cfg', [
    dict(type='SPADEGenerator', num_classes=C, base_channels=8,
         channel_multipliers=(4, 4, 2, 1), noise_channels=8),
    dict(type='Pix2PixUnetGenerator', num_classes=C, num_down=5,
         base_channels=8, noise_channels=4),
])
def test_conditional_generators(cfg):
    gen = MODELS.build(cfg)
    gen.init_weights()
    gen.eval()
    seg = _seg()
    noise = torch.randn(2, cfg['noise_channels'])
    with torch.no_grad():
        out = gen(seg, noise)
        again = gen(seg, noise)
        other = gen(seg, torch.randn(2, cfg['noise_channels']))
    assert out.shape == (2, 3, 32, 64)
    assert out.min() >= -1 and out.max() <= 1
    torch.testing.assert_close(out, again)  # deterministic given noise
    assert not torch.allclose(out, other)  # noise gives diversity


def test_spade_rejects_sizes_it_cannot_upsample_to():
    gen = MODELS.build(
        dict(type='SPADEGenerator', num_classes=C, base_channels=4,
             channel_multipliers=(2, 2, 1)))
    with pytest.raises(ValueError, match='divisible by 4'):
        gen(_seg(h=30, w=64))


def test_spade_rejects_noise_of_wrong_shape():
    gen = MODELS.build(
        dict(type='SPADEGenerator', num_classes=C, base_channels=4,
             channel_multipliers=(2, 1), noise_channels=8))
    with pytest.raises(ValueError, match=r'noise must have shape \(2, 8\)'):
        gen(_seg(), torch.randn(2, 3))


def test_joint_dcgan_generator_makes_image_and_label():
    gen = MODELS.build(
        dict(type='JointDCGANGenerator', num_classes=C, output_scale=32,
             base_channels=32, noise_size=16))
    out = gen(num_batches=3)
    assert out['img'].shape == (3, 3, 32, 32)
    assert out['seg'].shape == (3, C, 32, 32)
    torch.testing.assert_close(out['seg'].sum(1), torch.ones(3, 32, 32))
    # mmagic's DCGAN parts: transposed convs + BatchNorm
    assert type(gen.dcgan).__module__.startswith('mmagic.')
