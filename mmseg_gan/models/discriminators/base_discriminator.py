"""The loss interface every discriminator of this package implements."""
from typing import Callable, Dict, List, Optional, Sequence, Union

from mmengine.model import BaseModule
from torch import Tensor

from ..utils import build_mmagic_module

Prediction = Union[Tensor, Sequence[Union[Tensor, Sequence[Tensor]]]]


class BaseGANDiscriminator(BaseModule):
    """A discriminator that owns its adversarial loss.

    The GAN models call only :meth:`loss_discriminator` and
    :meth:`loss_generator` with two dicts describing a real and a fake batch
    (``img``: ``(N, 3, H, W)`` in [-1, 1]; ``seg``: ``(N, C, H, W)`` one-hot
    or class probabilities; ``label``: ``(N, H, W)`` class indices, 255 =
    ignore), so discriminators with different objectives (PatchGAN with
    feature matching, OASIS' segmentation loss, ...) plug into one training
    step. The default implementation applies mmagic's ``GANLoss`` to
    ``forward(img, seg)``; a multi-scale output is a list of per-scale
    feature lists whose last element is the prediction.

    Both loss methods take ``forward``: the callable that runs the network.
    Under DDP it is the wrapper (so that gradients are synchronised); by
    default the module itself.

    Args:
        gan_loss: Config of mmagic's ``GANLoss``.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 gan_loss: Optional[dict] = dict(
                     type='GANLoss', gan_type='hinge'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.gan_loss = build_mmagic_module(gan_loss) if gan_loss else None

    @staticmethod
    def _predictions(pred: Prediction) -> List[Tensor]:
        if isinstance(pred, Tensor):
            return [pred]
        return [p[-1] if isinstance(p, (list, tuple)) else p for p in pred]

    def _gan_term(self, pred: Prediction, target_is_real: bool,
                  is_disc: bool) -> Tensor:
        preds = self._predictions(pred)
        return sum(
            self.gan_loss(p, target_is_real, is_disc=is_disc)
            for p in preds) / len(preds)

    def loss_discriminator(self,
                           real: Dict[str, Tensor],
                           fake: Dict[str, Tensor],
                           forward: Optional[Callable] = None
                           ) -> Dict[str, Tensor]:
        """Losses of the discriminator update (fake is already detached).

        Args:
            real: The real batch.
            fake: The generated batch.
            forward: Runs the network (the DDP wrapper); default ``self``.

        Returns:
            dict: Named loss tensors.
        """
        forward = forward or self
        return dict(
            loss_d_real=self._gan_term(
                forward(real['img'], real['seg']), True, is_disc=True),
            loss_d_fake=self._gan_term(
                forward(fake['img'], fake['seg']), False, is_disc=True))

    def loss_generator(self,
                       real: Dict[str, Tensor],
                       fake: Dict[str, Tensor],
                       forward: Optional[Callable] = None
                       ) -> Dict[str, Tensor]:
        """Adversarial losses of the generator update.

        Args:
            real: The real batch.
            fake: The generated batch (with gradients).
            forward: Runs the network (the DDP wrapper); default ``self``.

        Returns:
            dict: Named loss tensors.
        """
        forward = forward or self
        return dict(
            loss_g_gan=self._gan_term(
                forward(fake['img'], fake['seg']), True, is_disc=False))
