"""AdversarialOptimWrapperConstructor on the real demo cGAN segmentor."""
import os.path as osp

import pytest
import torch.nn as nn
from conftest import REPO
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmseg.registry import MODELS

from mmseg_gan.utils import enable_amp

CGAN = osp.join(REPO, 'configs', 'demo',
                'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
HEAD_LR_MULT = dict(custom_keys={'decode_head': dict(lr_mult=10.0)})


@pytest.fixture(scope='module')
def cfg():
    return Config.fromfile(CGAN)


@pytest.fixture(scope='module')
def model(cfg):
    return MODELS.build(cfg.model)


def _lrs_by_owner(wrapper, model):
    """{parameter name: lr} of one wrapper (mmengine's paramwise
    constructor also adds a group holding a plain 0-dim tensor)."""
    names = {id(p): n for n, p in model.named_parameters()}
    return {names[id(p)]: g['lr'] for g in wrapper.param_groups
            for p in g['params'] if isinstance(p, nn.Parameter)}


def _check_split(optim, model, base_lr):
    gen = _lrs_by_owner(optim['generator'], model)
    disc = _lrs_by_owner(optim['discriminator'], model)
    disc_names = {n for n, _ in model.named_parameters()
                  if n.startswith('adversarial_head.discriminator.')}
    assert set(disc) == disc_names
    assert set(gen) | set(disc) == {n for n, _ in model.named_parameters()}
    assert not set(gen) & set(disc)
    # mmseg's paramwise_cfg reached the segmentor's wrapper
    assert all(lr == pytest.approx(base_lr * 10) for n, lr in gen.items()
               if n.startswith('decode_head.'))
    assert all(lr == pytest.approx(base_lr) for n, lr in gen.items()
               if n.startswith('backbone.'))
    assert type(optim['discriminator'].optimizer).__name__ == 'Adam'
    assert all(lr == pytest.approx(1e-4) for lr in disc.values())


def test_inherited_mmseg_wrapper_is_the_segmentors(cfg, model):
    optim_cfg = cfg.optim_wrapper.copy()
    assert 'generator' not in optim_cfg  # the shipped configs' short form
    optim_cfg.paramwise_cfg = HEAD_LR_MULT
    optim = build_optim_wrapper(model, optim_cfg)
    _check_split(optim, model, optim_cfg.optimizer.lr)


def test_explicit_generator_form_builds_the_same(cfg, model):
    gen = {k: v for k, v in cfg.optim_wrapper.items()
           if k not in ('constructor', 'discriminator')}
    optim_cfg = dict(
        constructor='AdversarialOptimWrapperConstructor',
        generator=dict(gen, paramwise_cfg=HEAD_LR_MULT),
        discriminator=cfg.optim_wrapper.discriminator)
    optim = build_optim_wrapper(model, optim_cfg)
    _check_split(optim, model, gen['optimizer']['lr'])


def test_bad_optim_wrapper_configs_fail_clearly(cfg, model):
    with pytest.raises(ValueError, match="needs a 'discriminator'"):
        build_optim_wrapper(
            model, dict(constructor='AdversarialOptimWrapperConstructor',
                        optimizer=dict(type='SGD', lr=0.01)))
    # explicit form plus leftovers of an inherited wrapper (no _delete_)
    leftovers = r"\['clip_grad', 'optimizer', 'type'\] belong inside it"
    with pytest.raises(ValueError, match=leftovers):
        build_optim_wrapper(
            model,
            dict(cfg.optim_wrapper,
                 generator=dict(optimizer=dict(type='SGD', lr=0.01))))
    with pytest.raises(ValueError, match='no optimizer for the segmentor'):
        build_optim_wrapper(
            model, dict(constructor='AdversarialOptimWrapperConstructor',
                        discriminator=cfg.optim_wrapper.discriminator))


def test_amp_reaches_both_wrappers(cfg):
    short = cfg.copy()
    enable_amp(short)
    assert short.optim_wrapper.type == 'AmpOptimWrapper'
    assert short.optim_wrapper.discriminator.type == 'AmpOptimWrapper'
    explicit = cfg.copy()
    gen = {k: v for k, v in cfg.optim_wrapper.items()
           if k not in ('constructor', 'discriminator')}
    explicit.optim_wrapper = dict(
        constructor='AdversarialOptimWrapperConstructor', generator=gen,
        discriminator=cfg.optim_wrapper.discriminator)
    enable_amp(explicit)
    assert explicit.optim_wrapper.generator.type == 'AmpOptimWrapper'
    assert explicit.optim_wrapper.discriminator.type == 'AmpOptimWrapper'


def test_amp_dtype_reaches_both_wrappers(cfg):
    bf16 = cfg.copy()
    enable_amp(bf16, dtype='bfloat16')
    assert bf16.optim_wrapper.dtype == 'bfloat16'
    assert bf16.optim_wrapper.discriminator.dtype == 'bfloat16'
