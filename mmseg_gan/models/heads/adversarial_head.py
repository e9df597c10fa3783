"""The discriminator of a cGAN segmentor and its adversarial losses."""
from typing import Callable, Dict, Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class AdversarialHead(BaseModule):
    """Judges class maps: ground truth (one-hot) is real, the segmentor's
    softmax is fake (Luc et al. 2016; Hung et al. 2018).

    The segmentor is trained to fool it with weight ``adv_loss_weight``
    (Hung: 0.01). Pixels with the ignore label are zeroed in both class maps
    and, for per-pixel discriminators, masked out of every loss, so they
    never reach the discriminator's objective.

    Args:
        discriminator: Config of a discriminator taking ``(seg, img)``
            (:class:`FCPixelDiscriminator`, :class:`ImageLabelDiscriminator`).
        adv_loss_weight: λ_adv of the segmentor's adversarial loss.
        real_smoothing: Share ``ε`` of the segmentor's own (detached)
            softmax mixed into the real class maps,
            ``(1 - ε) * one_hot + ε * softmax``. A one-hot map is exactly
            0/1 and a softmax never is, so without it a discriminator wins
            on that alone (``loss_d`` near 0 within a hundred iterations)
            and stops judging the layout; mixed in, real and fake maps share
            the softmax's soft values and, for ``ε < 0.5``, real maps keep
            the ground-truth argmax. Per-pixel random noise does not work
            as well: the discriminator learns its texture. 0 (Hung et al.)
            turns it off.
        ignore_index: Ignored label value. Defaults to 255.

    The discriminator losses also log ``d_real`` and ``d_fake``, its mean
    probability of "real" on ground truth and on predictions: balanced
    training keeps them apart but away from 1 and 0 (Hung: ``loss_d``
    around 0.2-0.5).
    """

    def __init__(self,
                 discriminator: dict,
                 adv_loss_weight: float = 0.01,
                 real_smoothing: float = 0.0,
                 ignore_index: int = 255,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0 <= real_smoothing < 1:
            raise ValueError('AdversarialHead: real_smoothing must be in '
                             f'[0, 1), got {real_smoothing}')
        self.discriminator = MODELS.build(discriminator)
        self.adv_loss_weight = adv_loss_weight
        self.real_smoothing = real_smoothing
        self.ignore_index = ignore_index

    @property
    def num_classes(self) -> int:
        """Class-map channels the discriminator expects."""
        return self.discriminator.num_classes

    def forward(self, seg: Tensor, img: Tensor) -> Tensor:
        """Discriminator logits for a class map (and its image)."""
        return self.discriminator(seg, img)

    @staticmethod
    def adversarial_loss(logits: Tensor, real: bool,
                         valid: Tensor) -> Tensor:
        """Binary cross-entropy of discriminator logits against ``real``.

        Args:
            logits: ``(N, 1, H, W)`` per pixel or ``(N, 1)`` per image.
            real: The target.
            valid: ``(N, H, W)`` pixels that count (per-pixel logits).
        """
        target = torch.full_like(logits, float(real))
        if logits.dim() == 4:  # per pixel: mask ignored pixels
            weight = valid.unsqueeze(1).to(logits.dtype)
            loss = F.binary_cross_entropy_with_logits(
                logits, target, weight=weight, reduction='sum')
            return loss / weight.sum().clamp(min=1)
        return F.binary_cross_entropy_with_logits(logits, target)

    def loss_generator(self, probs: Tensor, valid: Tensor, img: Tensor,
                       forward: Optional[Callable] = None,
                       weight: Optional[float] = None
                       ) -> Dict[str, Tensor]:
        """The segmentor's adversarial loss (its softmax should look real).

        Args:
            probs: ``(N, C, H, W)`` softmax of the segmentor.
            valid: ``(N, H, W)`` non-ignored pixels.
            img: ``(N, 3, H, W)`` the normalised input images.
            forward: Runs the discriminator (the DDP wrapper); default self.
            weight: Loss weight; default ``adv_loss_weight``.

        Returns:
            dict: ``loss_adv``.
        """
        forward = forward or self
        weight = self.adv_loss_weight if weight is None else weight
        probs = probs * valid.unsqueeze(1)
        return dict(loss_adv=weight *
                    self.adversarial_loss(forward(probs, img), True, valid))

    def smooth_real(self, gt_onehot: Tensor, probs: Tensor,
                    valid: Tensor) -> Tensor:
        """Mix ``real_smoothing`` of the detached softmax into one-hot maps.

        Args:
            gt_onehot: ``(N, C, H, W)`` one-hot ground truth.
            probs: ``(N, C, H, W)`` the segmentor's softmax of the same
                images.
            valid: ``(N, H, W)`` non-ignored pixels.
        """
        eps = self.real_smoothing
        if eps == 0:
            return gt_onehot
        mixed = (1 - eps) * gt_onehot + eps * probs.detach()
        return mixed * valid.unsqueeze(1)

    @staticmethod
    def _mean_prob(logits: Tensor, valid: Tensor) -> Tensor:
        """Mean probability of "real" over the pixels that count."""
        prob = torch.sigmoid(logits.detach().float())
        if prob.dim() == 4:
            weight = valid.unsqueeze(1).float()
            return (prob * weight).sum() / weight.sum().clamp(min=1)
        return prob.mean()

    @staticmethod
    def confidence(logits: Tensor, size: Tuple[int, int]) -> Tensor:
        """``(N, H, W)`` probability that each pixel's class map is real.

        Args:
            logits: Discriminator output, ``(N, 1, H, W)`` per pixel or
                ``(N, 1)`` per image (spread over the image).
            size: ``(H, W)`` of the class maps.
        """
        conf = torch.sigmoid(logits.detach().float())
        if conf.dim() == 4:
            return conf[:, 0]
        return conf.view(-1, 1, 1).expand(-1, *size)

    def loss_discriminator(self, probs: Tensor, gt_onehot: Tensor,
                           valid: Tensor, img: Tensor,
                           forward: Optional[Callable] = None,
                           unlabeled: Optional[Tuple[Tensor, Tensor]] = None
                           ) -> Dict[str, Tensor]:
        """The discriminator's losses: one-hot is real, softmax is fake.

        Args:
            probs: Detached softmax of the segmentor.
            gt_onehot: One-hot ground truth (all zeros on ignored pixels).
            valid: Non-ignored pixels.
            img: The normalised input images.
            forward: Runs the discriminator (the DDP wrapper); default self.
            unlabeled: ``(probs, img)`` of unlabeled images, also fake
                (every pixel counts).

        Returns:
            dict: ``loss_d_real``, ``loss_d_fake`` and the logged (not
            optimised) mean probabilities ``d_real`` and ``d_fake``.
        """
        forward = forward or self
        probs = probs * valid.unsqueeze(1)
        if unlabeled is not None:
            u_probs, u_img = unlabeled
            probs = torch.cat([probs, u_probs])
            img = torch.cat([img, u_img])
            valid = torch.cat([valid, torch.ones_like(u_probs[:, 0],
                                                      dtype=valid.dtype)])
        num_real = len(gt_onehot)
        real_valid = valid[:num_real]
        real_logits = forward(
            self.smooth_real(gt_onehot, probs[:num_real], real_valid),
            img[:num_real])
        fake_logits = forward(probs, img)
        return dict(
            loss_d_real=self.adversarial_loss(real_logits, True, real_valid),
            loss_d_fake=self.adversarial_loss(fake_logits, False, valid),
            d_real=self._mean_prob(real_logits, real_valid),
            d_fake=self._mean_prob(fake_logits, valid))
