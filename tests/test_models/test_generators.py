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
         base_channels=8, noise_channels=4, test_dropout=False),
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
             channel_multipliers=(2, 2, 2, 1)))
    with pytest.raises(ValueError, match='divisible by 4'):
        gen(_seg(h=30, w=64))


def test_pix2pix_takes_sizes_off_its_grid():
    # CamVid's 144x192 is not a multiple of 2 ** 5: padded in, cropped out
    gen = MODELS.build(
        dict(type='Pix2PixUnetGenerator', num_classes=C, num_down=5,
             base_channels=4, test_dropout=False)).eval()
    seg = _seg(h=36, w=48)
    with torch.no_grad():
        out = gen(seg)
        # the crop is the centre of the padded 64x64 rendering
        padded = torch.nn.functional.pad(seg, (8, 8, 14, 14),
                                         mode='replicate')
        full = gen.unet(padded)
    assert out.shape == (2, 3, 36, 48)
    torch.testing.assert_close(out, full[..., 14:50, 8:56])
    with torch.no_grad():  # on the grid: no padding at all
        on_grid = _seg(h=32, w=64)
        torch.testing.assert_close(gen(on_grid), gen.unet(on_grid))


def test_camvid_pix2pix_config_renders_at_its_size():
    import os.path as osp

    from conftest import REPO
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'synthesis', 'pix2pix_1xb4-1k_camvid-144x192.py'))
    model = MODELS.build(cfg.model)
    assert type(model.generator).__name__ == 'Pix2PixUnetGenerator'
    seg = labels_to_onehot(torch.randint(0, 11, (1, 144, 192)), 11)
    with torch.no_grad():
        img = model.generator(seg)
        assert img.shape == (1, 3, 144, 192)
        outs = model.discriminator(img, seg)
    # one PatchGAN scale; its last output is one logit per patch
    assert len(outs) == 1 and outs[0][-1].shape[:2] == (1, 1)
    assert outs[0][-1].shape[2:] == (16, 22)  # 144x192 / 8, 2 s1 convs
    assert torch.isfinite(outs[0][-1]).all()


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


def test_pix2pix_keeps_dropout_at_test_time_as_its_noise():
    # pix2pix: "noise only in the form of dropout ... at both training and
    # test time"; with it off, every rendering of a label map is the same
    # (mmagic's U-Net has dropout blocks only beyond 5 downsamplings)
    gen = MODELS.build(dict(type='Pix2PixUnetGenerator', num_classes=C,
                            num_down=6, base_channels=8))
    gen.eval()
    assert gen.stochastic and not gen.training
    seg = _seg(h=64, w=64)
    with torch.no_grad():
        assert not torch.allclose(gen(seg), gen(seg))
    fixed = MODELS.build(dict(type='Pix2PixUnetGenerator', num_classes=C,
                              num_down=6, base_channels=8,
                              test_dropout=False)).eval()
    with torch.no_grad():
        torch.testing.assert_close(fixed(seg), fixed(seg))


def _demo_model(name):
    from conftest import DEMO_GAN_CFGS
    from mmengine.config import Config
    cfg = Config.fromfile(DEMO_GAN_CFGS[name])
    return cfg, MODELS.build(cfg.model)


def test_seeded_render_of_pix2pix_is_reproducible_and_diverse():
    _, model = _demo_model('pix2pix_1xb4-300')
    model.init_weights()
    model.eval()
    assert model.stochastic and model.noise_size == 0
    labels = torch.randint(0, C, (2, 64, 128))
    a = model.render(labels, seed=3)['img']
    b = model.render(labels, seed=3)['img']
    assert torch.equal(a, b)  # the seed decides the dropout masks
    # An untrained U-Net's output is ~0, so two masks can round to the same
    # uint8 image; the diversity check looks at the generator's floats.
    seg = labels_to_onehot(labels, C, 255)
    outs = []
    for seed in (3, 4, 3):
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            outs.append(model.generate(seg)['img'])
    assert torch.equal(outs[0], outs[2])
    assert not torch.equal(outs[0], outs[1])  # dropout is on at eval
    state = torch.get_rng_state()
    model.render(labels, seed=5)
    assert torch.equal(torch.get_rng_state(), state)  # restored after


def test_conditional_and_joint_models_are_two_classes():
    from mmseg_gan.models.gans import JointSynthesisGAN, SemanticSynthesisGAN
    cfg, joint = _demo_model('joint-dcgan_1xb8-300')
    assert type(joint) is JointSynthesisGAN and not joint.conditional
    assert joint.render(num_batches=2)['label'].shape[0] == 2
    cfg.model.type = 'SemanticSynthesisGAN'  # the wrong class for it
    with pytest.raises(TypeError, match="use model type='JointSynthesisGAN'"):
        MODELS.build(cfg.model)
    cfg, spade = _demo_model('spade_1xb4-300')
    assert type(spade) is SemanticSynthesisGAN and spade.conditional
    with pytest.raises(ValueError, match='seg is needed'):
        spade.generate(None)
    cfg.model.type = 'JointSynthesisGAN'
    with pytest.raises(TypeError, match="use model type='SemanticSynthesis"):
        MODELS.build(cfg.model)
    # the base says how training works, a subclass how fakes are made
    from mmseg_gan.models.gans import BaseSynthesisGAN
    base_args = {k: v for k, v in cfg.model.items() if k != 'type'}
    with pytest.raises(TypeError, match='abstract'):
        BaseSynthesisGAN(**base_args)


def test_forward_honours_the_three_modes():
    cfg, model = _demo_model('spade_1xb4-300')
    model.init_weights()
    label = torch.randint(0, C, (2, 64, 128))
    data = dict(inputs=[torch.randint(0, 256, (3, 64, 128),
                                      dtype=torch.uint8)] * 2,
                data_samples=[__import__('mmseg').structures.SegDataSample(
                    gt_sem_seg=__import__('mmengine').structures.PixelData(
                        data=label[i:i + 1])) for i in range(2)])
    batch = model.data_preprocessor(data, True)
    losses = model(**batch, mode='loss')
    assert {'loss_g_gan', 'loss_d_real', 'loss_d_fake'} <= set(losses)
    assert model(**batch, mode='tensor').shape == (2, 3, 64, 128)
    samples = model(**batch, mode='predict')
    assert samples[0].fake_img.data.shape == (3, 64, 128)
    with pytest.raises(ValueError, match="'loss', 'predict' or 'tensor'"):
        model(**batch, mode='train')
