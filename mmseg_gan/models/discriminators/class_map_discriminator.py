"""Base of the cGAN segmentor's discriminators: real/fake class maps."""
from typing import Callable, Dict, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from .base_discriminator import BaseGANDiscriminator, Batch, Prediction


class ClassMapDiscriminator(BaseGANDiscriminator):
    """Judges class maps (``seg``): ground truth is real, a segmentor's
    softmax is fake (Luc et al. 2016; Hung et al. 2018).

    Logits are per pixel ``(N, 1, H, W)`` or per image ``(N, 1)``; the loss
    is binary cross-entropy, with the batch's ``valid`` pixels (when given)
    the only ones that count for per-pixel logits. The discriminator losses
    also log ``d_real`` and ``d_fake``: the mean probability of "real" on
    the real and on the fake maps.
    """

    def __init__(self, init_cfg: Optional[dict] = None) -> None:
        super().__init__(gan_loss=None, init_cfg=init_cfg)

    def adversarial_term(self,
                         pred: Prediction,
                         target_is_real: bool,
                         is_disc: bool = True,
                         valid: Optional[Tensor] = None) -> Tensor:
        """Binary cross-entropy of the logits against ``target_is_real``
        (the same for both updates), over the ``valid`` pixels."""
        target = torch.full_like(pred, float(target_is_real))
        if pred.dim() == 4 and valid is not None:
            weight = valid.unsqueeze(1).to(pred.dtype)
            loss = F.binary_cross_entropy_with_logits(
                pred, target, weight=weight, reduction='sum')
            return loss / weight.sum().clamp(min=1)
        return F.binary_cross_entropy_with_logits(pred, target)

    @staticmethod
    def mean_prob(logits: Tensor, valid: Optional[Tensor] = None) -> Tensor:
        """Mean probability of "real" over the pixels that count
        (detached: logged, not optimised)."""
        prob = torch.sigmoid(logits.detach().float())
        if prob.dim() == 4 and valid is not None:
            weight = valid.unsqueeze(1).float()
            return (prob * weight).sum() / weight.sum().clamp(min=1)
        return prob.mean()

    @staticmethod
    def confidence(logits: Tensor, size: Tuple[int, int]) -> Tensor:
        """``(N, H, W)`` probability that each pixel's class map is real.

        Args:
            logits: ``(N, 1, H, W)`` per pixel or ``(N, 1)`` per image
                (spread over the image).
            size: ``(H, W)`` of the class maps.
        """
        conf = torch.sigmoid(logits.detach().float())
        if conf.dim() == 4:
            return conf[:, 0]
        return conf.view(-1, 1, 1).expand(-1, *size)

    def loss_discriminator(self,
                           real: Batch,
                           fake: Batch,
                           forward: Optional[Callable] = None
                           ) -> Dict[str, Tensor]:
        pred_real, pred_fake = self.forward_pair(real, fake, forward)
        valid_real, valid_fake = real.get('valid'), fake.get('valid')
        return dict(
            loss_d_real=self.adversarial_term(pred_real, True, True,
                                              valid_real),
            loss_d_fake=self.adversarial_term(pred_fake, False, True,
                                              valid_fake),
            d_real=self.mean_prob(pred_real, valid_real),
            d_fake=self.mean_prob(pred_fake, valid_fake))
