"""OnlineSynthesisDataPreprocessor loads only a checkpoint of its GAN."""
import os.path as osp

import pytest
from mmseg.registry import MODELS

from mmseg_gan.utils import CheckpointMismatchError

pytestmark = pytest.mark.slow


def _build(cfg, ckpt):
    return MODELS.build(dict(type='OnlineSynthesisDataPreprocessor',
                             synthesizer_config=cfg,
                             synthesizer_checkpoint=ckpt))


def test_own_checkpoint_loads(demo_spade):
    cfg, ckpt = demo_spade
    assert _build(cfg, ckpt).synthesizer.num_classes == 19


def test_another_models_checkpoint_is_refused(demo_spade, demo_unet):
    cfg, _ = demo_spade
    unet_ckpt = osp.join(demo_unet[0], 'iter_4.pth')
    with pytest.raises(CheckpointMismatchError,
                       match=r'iter_4\.pth does not fit the '
                       r'SemanticSynthesisGAN .* weights are missing'):
        _build(cfg, unet_ckpt)
