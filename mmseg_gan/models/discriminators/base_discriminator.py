"""The signature and loss interface every discriminator of this package has."""
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModule
from torch import Tensor
from torch.nn.modules.batchnorm import _BatchNorm

from ..utils import build_mmagic_module

Prediction = Union[Tensor, Sequence[Union[Tensor, Sequence[Tensor]]]]
Batch = Dict[str, Tensor]


def _split(pred: Prediction, num: int) -> Tuple[Prediction, Prediction]:
    """Split a (nested) prediction of a concatenated batch at ``num``."""
    if isinstance(pred, Tensor):
        return pred[:num], pred[num:]
    parts = [_split(p, num) for p in pred]
    return type(pred)(a for a, _ in parts), type(pred)(b for _, b in parts)


def _detach(pred: Prediction) -> Prediction:
    if isinstance(pred, Tensor):
        return pred.detach()
    return type(pred)(_detach(p) for p in pred)


class BaseGANDiscriminator(BaseModule):
    """A discriminator: ``forward(img, seg)``, and it owns its loss.

    Both families use this one interface. The synthesis GANs judge
    (image, label map) pairs; the cGAN segmentor's discriminators
    (:class:`ClassMapDiscriminator`) judge class maps and may ignore the
    image. The models call only :meth:`loss_discriminator` and
    :meth:`loss_generator` with two dicts describing a real and a fake
    batch:

    - ``img``: ``(N, 3, H, W)`` in [-1, 1] (or normalised, for the cGAN);
    - ``seg``: ``(N, C, H, W)`` one-hot maps or class probabilities;
    - ``label``: ``(N, H, W)`` class indices, 255 = ignore (synthesis);
    - ``valid``: ``(N, H, W)`` pixels that count (optional; per-pixel
      discriminators that mask use it).

    So discriminators with different objectives (PatchGAN with feature
    matching, OASIS' segmentation loss, Hung et al.'s per-pixel BCE) plug
    into one training step. The default applies mmagic's ``GANLoss`` to
    ``forward(img, seg)``; a multi-scale output is a list of per-scale
    feature lists whose last element is the prediction.

    Real and fake go through the network as one batch in the
    discriminator update (and, for a network with BatchNorm, in the
    generator update too), as SPADE does: BatchNorm statistics then mix
    both, instead of telling real from fake by batch statistics.

    Both loss methods take ``forward``: the callable that runs the network.
    The synthesis GANs pass the discriminator's DDP wrapper (so that its
    gradients are synchronised); by default it is the module itself, as
    inside :class:`AdversarialHead`, which the cGAN segmentor calls through
    the head's own wrapper.

    Args:
        gan_loss: Config of mmagic's ``GANLoss``; None for a discriminator
            that computes its own.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 gan_loss: Optional[dict] = dict(
                     type='GANLoss', gan_type='hinge'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.gan_loss = build_mmagic_module(gan_loss) if gan_loss else None

    @property
    def has_batch_norm(self) -> bool:
        """Whether a BatchNorm layer (batch statistics) is inside."""
        return any(isinstance(m, _BatchNorm) for m in self.modules())

    @staticmethod
    def _predictions(pred: Prediction) -> List[Tensor]:
        if isinstance(pred, Tensor):
            return [pred]
        return [p[-1] if isinstance(p, (list, tuple)) else p for p in pred]

    def adversarial_term(self,
                         pred: Prediction,
                         target_is_real: bool,
                         is_disc: bool,
                         valid: Optional[Tensor] = None) -> Tensor:
        """GAN loss of a prediction, averaged over scales.

        Args:
            pred: The network's output.
            target_is_real: The target.
            is_disc: Discriminator (True) or generator (False) update.
            valid: Pixels that count; patch discriminators judge whole
                patches and ignore it.
        """
        preds = self._predictions(pred)
        return sum(
            self.gan_loss(p, target_is_real, is_disc=is_disc)
            for p in preds) / len(preds)

    def forward_pair(self, real: Batch, fake: Batch,
                     forward: Optional[Callable] = None
                     ) -> Tuple[Prediction, Prediction]:
        """Real and fake through the network as one batch.

        The batches may differ in size (the cGAN adds unlabeled fakes).

        Returns:
            tuple: The predictions on ``real`` and on ``fake``.
        """
        forward = forward or self
        pred = forward(torch.cat([real['img'], fake['img']]),
                       torch.cat([real['seg'], fake['seg']]))
        return _split(pred, len(real['img']))

    def generator_predictions(self, real: Optional[Batch], fake: Batch,
                              forward: Optional[Callable] = None,
                              need_real: bool = False
                              ) -> Tuple[Optional[Prediction], Prediction]:
        """Predictions for the generator update.

        With BatchNorm inside, real and fake go as one batch; otherwise the
        fake alone, and the real one (when ``need_real``, e.g. for feature
        matching) without gradients.

        Returns:
            tuple: The detached predictions on ``real`` (None unless
            ``need_real``) and the predictions on ``fake``.
        """
        forward = forward or self
        if real is not None and self.has_batch_norm:
            pred_real, pred_fake = self.forward_pair(real, fake, forward)
            return (_detach(pred_real) if need_real else None), pred_fake
        pred_fake = forward(fake['img'], fake['seg'])
        pred_real = None
        if need_real:
            with torch.no_grad():
                pred_real = forward(real['img'], real['seg'])
        return pred_real, pred_fake

    def loss_discriminator(self,
                           real: Batch,
                           fake: Batch,
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
        pred_real, pred_fake = self.forward_pair(real, fake, forward)
        return dict(
            loss_d_real=self.adversarial_term(
                pred_real, True, True, real.get('valid')),
            loss_d_fake=self.adversarial_term(
                pred_fake, False, True, fake.get('valid')))

    def loss_generator(self,
                       real: Optional[Batch],
                       fake: Batch,
                       forward: Optional[Callable] = None
                       ) -> Dict[str, Tensor]:
        """Adversarial losses of the generator update.

        Args:
            real: The real batch (None where the loss needs none).
            fake: The generated batch (with gradients).
            forward: Runs the network (the DDP wrapper); default ``self``.

        Returns:
            dict: Named loss tensors (``loss_g_gan`` at least).
        """
        _, pred_fake = self.generator_predictions(real, fake, forward)
        return dict(loss_g_gan=self.adversarial_term(
            pred_fake, True, False, fake.get('valid')))
