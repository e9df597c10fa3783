"""Any mmseg encoder-decoder, trained against a discriminator (cGAN)."""
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmseg.models import EncoderDecoder
from mmseg.registry import MODELS
from mmseg.utils import add_prefix
from torch import Tensor

from ..gans.alternating_update import AlternatingUpdateMixin, unwrap
from ..utils import labels_to_onehot


@MODELS.register_module()
class AdversarialSegmentor(AlternatingUpdateMixin, EncoderDecoder):
    """mmseg's ``EncoderDecoder`` plus an :class:`AdversarialHead`.

    Backbone, neck, decode and auxiliary heads are configured exactly as in
    mmseg; change the segmentor ``type`` and add ``adversarial_head``. The
    segmentor (the "generator") and the discriminator alternate through the
    same update as the synthesis GAN: segmentation losses + λ_adv times the
    adversarial loss, then the discriminator on the detached softmax. It
    needs an ``OptimWrapperDict`` with ``generator`` / ``discriminator``
    (:class:`AdversarialOptimWrapperConstructor` makes one). Inference is
    the plain ``EncoderDecoder``: the discriminator plays no part, and
    :func:`mmseg_gan.apis.to_plain_segmentor_checkpoint` drops its weights.

    Args:
        adversarial_head: :class:`AdversarialHead` config.
        discriminator_steps: Discriminator updates per segmentor update.
        **kwargs: :class:`mmseg.models.EncoderDecoder` arguments.
    """

    def __init__(self,
                 adversarial_head: dict,
                 discriminator_steps: int = 1,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.adversarial_head = MODELS.build(adversarial_head)
        self.discriminator_steps = discriminator_steps
        if self.adversarial_head.num_classes != self.num_classes:
            raise ValueError(
                'adversarial_head.discriminator.num_classes is '
                f'{self.adversarial_head.num_classes} but '
                f'decode_head.num_classes is {self.num_classes}: the '
                'discriminator reads the decode head\'s class maps')

    @property
    def discriminator(self):
        """The module the ``discriminator`` optimizer wrapper updates."""
        return self.adversarial_head

    def generator_module(self):
        return self

    # mmengine's MMSeparateDistributedDataParallel wraps each child; calls
    # go through the wrappers (``self.decode_head(x)``) so gradients sync.
    def encode_decode(self, inputs: Tensor,
                      batch_img_metas: List[dict]) -> Tensor:
        x = self.extract_feat(inputs)
        return unwrap(self.decode_head).predict_by_feat(
            self.decode_head(x), batch_img_metas)

    def _head_losses(self, head, x, data_samples) -> Tuple[dict, Tensor]:
        logits = head(x)
        return unwrap(head).loss_by_feat(logits, data_samples), logits

    def _segment(self, inputs: Tensor, data_samples: list
                 ) -> Tuple[Dict[str, Tensor], Tensor]:
        x = self.extract_feat(inputs)
        losses, logits = self._head_losses(self.decode_head, x, data_samples)
        losses = add_prefix(losses, 'decode')
        if self.with_auxiliary_head:
            aux = self.auxiliary_head
            heads = list(unwrap(aux)) if isinstance(
                unwrap(aux), torch.nn.ModuleList) else [aux]
            for i, head in enumerate(heads):
                prefix = 'aux' if len(heads) == 1 else f'aux_{i}'
                losses.update(add_prefix(
                    self._head_losses(head, x, data_samples)[0], prefix))
        probs = F.interpolate(
            logits, size=inputs.shape[2:], mode='bilinear',
            align_corners=self.align_corners).softmax(dim=1)
        return losses, probs

    def _targets(self, data_samples: list) -> Tuple[Tensor, Tensor]:
        gt = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()
        ignore = unwrap(self.adversarial_head).ignore_index
        return labels_to_onehot(gt, self.num_classes, ignore), gt != ignore

    def generator_losses(self, inputs: Tensor, data_samples: list
                         ) -> Tuple[Dict[str, Tensor], dict]:
        losses, probs = self._segment(inputs, data_samples)
        _, valid = self._targets(data_samples)
        head = self.adversarial_head
        losses.update(unwrap(head).loss_generator(
            probs, valid, inputs, forward=head))
        return losses, dict(probs=probs.detach())

    def discriminator_losses(self, inputs: Tensor, data_samples: list,
                             cache: Optional[dict]) -> Dict[str, Tensor]:
        if cache is None:
            with torch.no_grad():
                probs = self._segment(inputs, data_samples)[1]
        else:
            probs = cache['probs']
        onehot, valid = self._targets(data_samples)
        head = self.adversarial_head
        return unwrap(head).loss_discriminator(
            probs, onehot, valid, inputs, forward=head)
