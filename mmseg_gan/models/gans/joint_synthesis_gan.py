"""Noise -> (image, label map) GAN: the joint DCGAN."""
from typing import Dict, Optional

from mmseg.registry import MODELS
from torch import Tensor

from .base_synthesis_gan import BaseSynthesisGAN


@MODELS.register_module()
class JointSynthesisGAN(BaseSynthesisGAN):
    """An unconditional GAN whose fakes are whole (image, label map) pairs.

    ``G(noise)`` yields the image and a soft label map together
    (:class:`JointDCGANGenerator`); the discriminator judges the pairs.
    Synthesized datasets take the argmax of the generated map as labels.
    See :class:`BaseSynthesisGAN` for the arguments, training and modes.
    """
    conditional = False

    def generate(self,
                 seg: Optional[Tensor] = None,
                 noise: Optional[Tensor] = None,
                 num_batches: int = 1,
                 use_ema: bool = True) -> Dict[str, Tensor]:
        out = self._generator(use_ema)(noise, num_batches=num_batches)
        return dict(img=out['img'], seg=out['seg'],
                    label=out['seg'].argmax(dim=1))
