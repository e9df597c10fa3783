"""SPADE's VGG loss: L1 between VGG19 features of generated and real images."""
import os.path as osp
from typing import Dict, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

#: SPADE's layers (``relu1_1`` ... ``relu5_1``, indices into torchvision's
#: ``vgg19().features``) and weights (``models/networks/loss.py``).
SPADE_VGG_LAYERS = {1: 1.0 / 32, 6: 1.0 / 16, 11: 1.0 / 8, 20: 1.0 / 4,
                    29: 1.0}


def load_vgg19_features(checkpoint: str, num_layers: int) -> nn.Sequential:
    """torchvision's VGG19 ``features[:num_layers]`` with weights read from
    a local file (nothing is downloaded).

    Args:
        checkpoint: A torchvision VGG19 state dict (``vgg19-dcbb9e9d.pth``,
            as ``torchvision.models.vgg19(weights='IMAGENET1K_V1')`` saves
            it) or an mmengine checkpoint holding one under ``state_dict``.
        num_layers: How many layers of ``features`` to keep.

    Raises:
        FileNotFoundError: If ``checkpoint`` does not exist.
        KeyError: If it lacks a weight of the kept layers.
    """
    from torchvision.models import vgg19
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(
            f'VGG19 weights {checkpoint!r} not found (perceptual_loss.'
            'vgg_checkpoint): save torchvision\'s ImageNet VGG19 there '
            '(torch.save(torchvision.models.vgg19(weights="IMAGENET1K_V1")'
            '.state_dict(), path) on a machine with internet) or set '
            'perceptual_loss=None')
    state = torch.load(checkpoint, map_location='cpu', weights_only=True)
    state = state.get('state_dict', state)
    features = vgg19().features[:num_layers]
    loaded = {}
    for key in features.state_dict():
        full = f'features.{key}'
        if full not in state:
            raise KeyError(f'{checkpoint}: no {full!r}; expected a '
                           'torchvision VGG19 state dict')
        loaded[key] = state[full]
    features.load_state_dict(loaded)
    return features.eval().requires_grad_(False)


@MODELS.register_module()
class VGGPerceptualLoss(nn.Module):
    """SPADE's VGG loss (Park et al. 2019, ``VGGLoss``; ``lambda_vgg``).

    ``loss_weight * sum_l w_l * L1(vgg_l(fake), vgg_l(real))`` over VGG19's
    ``relu1_1`` ... ``relu5_1`` with weights 1/32, 1/16, 1/8, 1/4, 1; the
    real features are detached and, as in SPADE, the images enter VGG in
    [-1, 1] without ImageNet normalisation. The frozen VGG is not a
    submodule: it is neither trained nor saved in checkpoints, and follows
    the images' device on first use.

    Args:
        vgg_checkpoint: Local torchvision VGG19 weights (see
            :func:`load_vgg19_features`).
        loss_weight: λ_vgg. Defaults to 10 (SPADE).
        layer_weights: ``{index into vgg19().features: weight}``.
            Defaults to SPADE's.
    """

    def __init__(self,
                 vgg_checkpoint: str,
                 loss_weight: float = 10.0,
                 layer_weights: Optional[Dict[int, float]] = None) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.layer_weights = {
            int(k): float(v)
            for k, v in (layer_weights or SPADE_VGG_LAYERS).items()
        }
        # a plain attribute: no parameters in the model's state dict
        object.__setattr__(
            self, 'vgg',
            load_vgg19_features(vgg_checkpoint,
                                max(self.layer_weights) + 1))

    def features(self, img: Tensor) -> Dict[int, Tensor]:
        """VGG19 activations of ``layer_weights``' layers for ``img``."""
        if next(self.vgg.parameters()).device != img.device:
            self.vgg.to(img.device)
        out = {}
        for i, layer in enumerate(self.vgg):
            img = layer(img)
            if i in self.layer_weights:
                out[i] = img
        return out

    def forward(self, fake: Tensor, real: Tensor) -> Tensor:
        """The weighted loss between ``fake`` and ``real`` in [-1, 1]."""
        f_fake, f_real = self.features(fake), self.features(real.detach())
        loss = sum(w * F.l1_loss(f_fake[i], f_real[i].detach())
                   for i, w in self.layer_weights.items())
        return self.loss_weight * loss
