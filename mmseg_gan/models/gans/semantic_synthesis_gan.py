"""Label map -> image GAN: SPADE, pix2pix, OASIS."""
from typing import Dict, Optional

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

from .base_synthesis_gan import BaseSynthesisGAN


@MODELS.register_module()
class SemanticSynthesisGAN(BaseSynthesisGAN):
    """A GAN that renders images from semantic label maps.

    Fakes are ``G(one-hot label, noise)`` and keep the real label map, so a
    trained model renders any label map of its classes (:meth:`render`).
    See :class:`BaseSynthesisGAN` for training, EMA and the modes.

    Args:
        generator: A conditional generator config (``SPADEGenerator``,
            ``Pix2PixUnetGenerator``).
        discriminator: Discriminator config.
        data_preprocessor: Usually :class:`SegGANDataPreprocessor`.
        discriminator_steps: Discriminator updates per generator update.
        ema_config: Generator EMA config (see :class:`BaseSynthesisGAN`).
        l1_loss_weight: Weight of an L1 loss between generated and real
            images (pix2pix uses 100); 0 disables it.
        mode_seeking_weight: Weight of the mode-seeking loss (MSGAN, Mao
            et al., CVPR 2019): each step renders the batch's label maps a
            second time with other noise and penalises
            ``1 / (mean|img1 - img2| / mean|z1 - z2| + 1e-5)``, so the
            generator cannot ignore its noise (as pix2pix's L1 loss teaches
            it to). Needs a generator with a noise input; 0 disables it.
        init_cfg: mmengine init config.
        discriminator_interval: Generator updates per discriminator update.
        reuse_fake: See :class:`BaseSynthesisGAN` (pix2pix: True, one
            generator forward per iteration as in mmagic).
        perceptual_loss: SPADE's VGG loss (see :class:`BaseSynthesisGAN`).
    """
    conditional = True

    def __init__(self,
                 generator: dict,
                 discriminator: dict,
                 data_preprocessor: dict,
                 discriminator_steps: int = 1,
                 ema_config: Optional[dict] = None,
                 l1_loss_weight: float = 0.0,
                 mode_seeking_weight: float = 0.0,
                 init_cfg: Optional[dict] = None,
                 discriminator_interval: int = 1,
                 reuse_fake: bool = False,
                 perceptual_loss: Optional[dict] = None) -> None:
        super().__init__(generator, discriminator, data_preprocessor,
                         discriminator_steps, ema_config, init_cfg,
                         discriminator_interval, reuse_fake, perceptual_loss)
        self.l1_loss_weight = l1_loss_weight
        if mode_seeking_weight < 0:
            raise ValueError('mode_seeking_weight must be >= 0, got '
                             f'{mode_seeking_weight}')
        if mode_seeking_weight > 0 and not self.noise_size:
            raise ValueError(
                f'mode_seeking_weight={mode_seeking_weight} needs a generator '
                f'with a noise input; {type(self.generator).__name__} has '
                'none (set its noise_channels)')
        self.mode_seeking_weight = mode_seeking_weight

    def generate(self,
                 seg: Optional[Tensor] = None,
                 noise: Optional[Tensor] = None,
                 num_batches: int = 1,
                 use_ema: bool = True) -> Dict[str, Tensor]:
        if seg is None:
            raise ValueError(
                f'{type(self).__name__} renders label maps: seg is needed')
        if noise is None and self.noise_size:
            # drawn here rather than in the generator (the same draw), so
            # the mode-seeking loss knows it
            noise = torch.randn(seg.shape[0], self.noise_size,
                                device=seg.device)
        img = self._generator(use_ema)(seg, noise)
        label = seg.argmax(dim=1)
        label[seg.sum(dim=1) == 0] = self.data_preprocessor.ignore_index
        out = dict(img=img, seg=seg, label=label)
        if noise is not None:
            out['noise'] = noise
        return out

    def extra_generator_losses(self, inputs: Dict[str, Tensor],
                               fake: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """pix2pix's L1 to the real image, SPADE's VGG loss and the
        mode-seeking loss, when configured."""
        losses = {}
        if self.l1_loss_weight > 0:
            losses['loss_g_l1'] = self.l1_loss_weight * F.l1_loss(
                fake['img'], inputs['img'])
        if self.perceptual_loss is not None:
            losses['loss_g_vgg'] = self.perceptual_loss(
                fake['img'], inputs['img'])
        if self.mode_seeking_weight > 0:
            other = self.generate(fake['seg'], use_ema=False)
            ratio = (fake['img'] - other['img']).abs().mean() / (
                fake['noise'] - other['noise']).abs().mean()
            losses['loss_g_ms'] = self.mode_seeking_weight / (ratio + 1e-5)
        return losses
