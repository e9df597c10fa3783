"""Every shipped config loads, and its model and optimizers build.

The demo and CamVid configs also train in other tests; this catches the
Cityscapes-sized ones (mmseg bases, inheritance, optimizer constructors)
that only a GPU would train.
"""
import glob
import os.path as osp

import pytest
from conftest import REPO
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmseg.registry import MODELS

CONFIGS = sorted(
    osp.relpath(p, REPO)
    for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'),
                       recursive=True)
    if '_base_' not in p)


def test_configs_are_found():
    assert len(CONFIGS) >= 25
    assert 'configs/gan_aug_unet_cityscapes.py' in CONFIGS


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_model_and_optimizers(config, vgg19_file):
    cfg = Config.fromfile(osp.join(REPO, config))
    if cfg.model.get('perceptual_loss'):  # SPADE's VGG loss: local weights
        cfg.model.perceptual_loss.vgg_checkpoint = vgg19_file
    model = MODELS.build(cfg.model)
    n_params = sum(p.numel() for p in model.parameters())
    assert n_params > 0
    if 'optim_wrapper' not in cfg:  # test-only configs
        return
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    wrappers = optim.values() if hasattr(optim, 'values') else [optim]
    in_optim = {
        id(p)
        for w in wrappers for g in w.param_groups for p in g['params']
    }
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    assert trainable <= in_optim, f'{config}: parameters without optimizer'
