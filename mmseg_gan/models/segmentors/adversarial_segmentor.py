"""Any mmseg encoder-decoder, trained against a discriminator (cGAN)."""
import contextlib
import copy
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.structures import PixelData
from mmseg.models import EncoderDecoder
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import add_prefix
from torch import Tensor

from ...utils import unwrap
from ..base import AlternatingUpdateMixin
from ..utils import (
    current_iter,
    frozen_bn_stats,
    labels_to_onehot,
    select_confident,
)


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

    Semi-supervised mode (Hung et al.), on with ``semi_cfg``: every batch
    also holds unlabeled images (:class:`SemiSupervisedSegDataset`). On
    them the segmentor is trained to fool the discriminator (weight
    ``adv_loss_weight``) and, from iteration ``start_iter``, to predict its
    own argmax where the discriminator's confidence exceeds
    ``confidence_threshold`` (weight ``semi_loss_weight``, through the
    decode head's own losses). With ``unlabeled_as_fake`` the
    discriminator also sees their softmax as fake. Keys and Hung et al.'s
    defaults: ``start_iter=5000, confidence_threshold=0.2,
    semi_loss_weight=0.1, adv_loss_weight=0.001, unlabeled_as_fake=True``.
    ``confident_share`` (default None) replaces the absolute threshold by a
    rank: the share of the batch's unlabeled pixels the discriminator finds
    most real are self-trained. A discriminator that wins (its confidence
    near 0 on every prediction, as from-scratch segmentors early in
    training produce) then still orders the pixels, where a threshold of
    0.2 selects none. ``class_balanced=True`` (with ``confident_share``)
    ranks within each predicted class, so that the classes the
    discriminator rates most real (sky, road) do not take the whole share
    (``tools/benchmarks/pseudo_labels.py`` shows the selection per class).
    s4GAN (Mittal et al. 2019) is this mode with an
    :class:`ImageLabelDiscriminator` with ``feature_matching``: the
    unlabeled predictions are trained to match the labelled ground truth's
    mean discriminator features, and the confidence is one per image, so
    a threshold self-trains whole images.
    ``unlabeled_bn_stats=False`` keeps the unlabeled forward passes out of
    the BatchNorm running statistics inference uses: they normalize by
    their own batch as before, but the statistics stay the labelled
    batches' (``tools/benchmarks/bn_recalibrate.py`` measures what the
    unlabeled ones cost a checkpoint).
    ``loss_norm='selected'`` (default) makes the self-training loss the
    cross-entropy of the class map (at the input size) with the
    pseudo-labels averaged over the selected pixels, as both references
    do (Hung's ``CrossEntropy2d``; s4GAN's over the selected images), and
    0 when none is selected; ``'decode_head'`` runs the decode head's own
    losses on the pseudo-labels instead, which mmseg's cross-entropy
    averages over every pixel, so the loss shrinks with the selected share.
    ``labeled_as_fake=False`` (s4GAN) shows the discriminator only the
    unlabeled predictions as fakes; Hung's also shows the labelled ones.

    Args:
        adversarial_head: :class:`AdversarialHead` config; its
            discriminator's ``num_classes`` defaults to the decode head's.
        discriminator_steps: Discriminator updates per segmentor update.
        semi_cfg: Semi-supervised settings (keys above; missing keys take
            the defaults), or None for supervised training.
        decode_output_index: Where the class map is when the decode
            head's forward returns a tuple (see :meth:`_to_probs`).
        discriminator_interval: Segmentor updates per discriminator update
            (the discriminator steps every this many iterations, from the
            first); ``loss_d``, ``d_real`` and ``d_fake`` are logged only
            then.
        **kwargs: :class:`mmseg.models.EncoderDecoder` arguments.
    """
    SEMI_DEFAULTS = dict(
        start_iter=5000,
        confidence_threshold=0.2,
        semi_loss_weight=0.1,
        adv_loss_weight=0.001,
        unlabeled_as_fake=True,
        confident_share=None,
        class_balanced=False,
        unlabeled_bn_stats=True,
        loss_norm='selected',
        labeled_as_fake=True)

    def __init__(self,
                 adversarial_head: dict,
                 discriminator_steps: int = 1,
                 semi_cfg: Optional[dict] = None,
                 decode_output_index: int = 0,
                 discriminator_interval: int = 1,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.decode_output_index = decode_output_index
        adversarial_head = copy.deepcopy(adversarial_head)
        # the discriminator reads the decode head's class maps
        adversarial_head['discriminator'].setdefault('num_classes',
                                                     self.num_classes)
        self.adversarial_head = MODELS.build(adversarial_head)
        self.set_update_schedule(discriminator_steps, discriminator_interval)
        self.semi_cfg = None
        if semi_cfg is not None:
            unknown = set(semi_cfg) - set(self.SEMI_DEFAULTS)
            if unknown:
                raise KeyError(
                    f'semi_cfg: unknown keys {sorted(unknown)}; known: '
                    f'{sorted(self.SEMI_DEFAULTS)}')
            self.semi_cfg = {**self.SEMI_DEFAULTS, **semi_cfg}
            share = self.semi_cfg['confident_share']
            if share is not None and not 0 < share <= 1:
                raise ValueError('semi_cfg.confident_share must be in '
                                 f'(0, 1] or None, got {share}')
            if self.semi_cfg['class_balanced'] and share is None:
                raise ValueError('semi_cfg.class_balanced needs '
                                 'confident_share (a share per class)')
            if self.semi_cfg['loss_norm'] not in ('selected', 'decode_head'):
                raise ValueError(
                    "semi_cfg.loss_norm must be 'selected' or "
                    f"'decode_head', got {self.semi_cfg['loss_norm']!r}")
            if not (self.semi_cfg['labeled_as_fake']
                    or self.semi_cfg['unlabeled_as_fake']):
                raise ValueError(
                    'semi_cfg: labeled_as_fake and unlabeled_as_fake are '
                    'both False, so the discriminator would see no fakes')
        if self.adversarial_head.num_classes != self.num_classes:
            raise ValueError(
                'adversarial_head.discriminator.num_classes is '
                f'{self.adversarial_head.num_classes} but '
                f'decode_head.num_classes is {self.num_classes}: the '
                'discriminator reads the decode head\'s class maps')

    def generator_module(self) -> torch.nn.Module:
        """The ``generator`` optimizer wrapper's module: the segmentor
        (its parameters less the adversarial head's)."""
        return self

    def discriminator_module(self) -> torch.nn.Module:
        """The ``discriminator`` optimizer wrapper's module: the
        adversarial head (its discriminator's parameters)."""
        return self.adversarial_head

    # mmengine's MMSeparateDistributedDataParallel wraps each child in a
    # DDP wrapper that has only ``forward``: training runs each head's
    # forward through it (``self.decode_head(x)``, EncoderDecoder's
    # ``_forward``) so that its gradients sync, and takes the losses from
    # the module's ``loss_by_feat``; mmseg's ``head.loss`` / ``predict``
    # would need the module itself.
    def encode_decode(self, inputs: Tensor,
                      batch_img_metas: List[dict]) -> Tensor:
        """``EncoderDecoder.encode_decode``, on the decode head inside its
        DDP wrapper."""
        x = self.extract_feat(inputs)
        return unwrap(self.decode_head).predict(x, batch_img_metas,
                                                self.test_cfg)

    @staticmethod
    def _head_loss(head: torch.nn.Module,
                   logits: Union[Tensor, Sequence[Tensor]],
                   data_samples: list, prefix: str) -> Dict[str, Tensor]:
        """A decode or auxiliary head's losses on its forward's output,
        prefixed as ``EncoderDecoder.loss`` does."""
        return add_prefix(unwrap(head).loss_by_feat(logits, data_samples),
                          prefix)

    def _segment(self, inputs: Tensor, data_samples: list
                 ) -> Tuple[Dict[str, Tensor], Tensor]:
        """``EncoderDecoder.loss``, and the class probabilities at the
        input size (the map the discriminator judges)."""
        x = self.extract_feat(inputs)
        logits = self.decode_head(x)
        losses = self._head_loss(self.decode_head, logits, data_samples,
                                 'decode')
        if self.with_auxiliary_head:
            aux = self.auxiliary_head
            heads = list(unwrap(aux)) if isinstance(
                unwrap(aux), torch.nn.ModuleList) else [aux]
            for i, head in enumerate(heads):
                prefix = 'aux' if len(heads) == 1 else f'aux_{i}'
                losses.update(
                    self._head_loss(head, head(x), data_samples, prefix))
        return losses, self._to_probs(logits, inputs.shape[2:])

    def _to_probs(self, logits: Union[Tensor, Sequence[Tensor]],
                  size: Tuple[int, int]) -> Tensor:
        """Class probabilities at the input size (see
        :meth:`_class_logits`)."""
        return self._class_logits(logits, size).softmax(dim=1)

    def _class_logits(self, logits: Union[Tensor, Sequence[Tensor]],
                      size: Tuple[int, int]) -> Tensor:
        """Class logits at the input size.

        ``logits`` is what the decode head's forward returned (its
        ``loss_by_feat`` input). A head returning several outputs (mmseg's
        ``DAHead``, ``EncHead`` with ``use_se_loss``, ``DDRHead``) puts its
        class map at ``decode_output_index`` (0 for those; 1 for
        ``PIDHead``).
        """
        if not isinstance(logits, Tensor):
            logits = logits[self.decode_output_index]
            if logits.dim() != 4 or logits.shape[1] != self.num_classes:
                raise ValueError(
                    f'{type(unwrap(self.decode_head)).__name__} output '
                    f'{self.decode_output_index} has shape '
                    f'{tuple(logits.shape)}, not (N, {self.num_classes}, H, '
                    'W): set AdversarialSegmentor.decode_output_index to '
                    'the position of its class map')
        return F.interpolate(
            logits, size=size, mode='bilinear',
            align_corners=self.align_corners)

    def _classifier_weight(self) -> Tensor:
        """The decode head's classifier weight (the adaptive λ_adv's
        reference layer)."""
        head = unwrap(self.decode_head)
        conv = getattr(head, 'conv_seg', None)
        if not isinstance(getattr(conv, 'weight', None), Tensor):
            raise ValueError(
                f'{type(head).__name__} has no conv_seg classifier: '
                'adversarial_head.adaptive_grad_ratio balances the '
                'gradients on it; use a fixed adv_loss_weight')
        return conv.weight

    def _targets(self, data_samples: list) -> Tuple[Tensor, Tensor]:
        gt = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()
        ignore = unwrap(self.adversarial_head).ignore_index
        return labels_to_onehot(gt, self.num_classes, ignore), gt != ignore

    def preprocess_train_batch(self, data: dict) -> Dict[str, object]:
        """Labeled batch, plus the unlabeled one in semi-supervised mode."""
        batch = super().preprocess_train_batch(data)
        if self.semi_cfg is None:
            return batch
        if 'unlabeled_inputs' not in data:
            raise KeyError(
                'AdversarialSegmentor has semi_cfg but the batch has no '
                "'unlabeled_inputs': wrap the training dataset in "
                'SemiSupervisedSegDataset (with `unlabeled`, '
                '`labeled_fraction` or `labeled_split`), or drop semi_cfg')
        unlabeled = self.data_preprocessor(
            dict(inputs=data['unlabeled_inputs'],
                 data_samples=data['unlabeled_data_samples']), True)
        batch.update(unlabeled_inputs=unlabeled['inputs'],
                     unlabeled_data_samples=unlabeled['data_samples'])
        return batch

    def generator_losses(self, inputs: Tensor, data_samples: list,
                         unlabeled_inputs: Optional[Tensor] = None,
                         unlabeled_data_samples: Optional[list] = None
                         ) -> Tuple[Dict[str, Tensor], dict]:
        """The segmentor's losses: its own, λ_adv times the adversarial
        one and, with unlabeled images, theirs; the cache holds the
        detached probabilities for the discriminator step."""
        losses, probs = self._segment(inputs, data_samples)
        onehot, valid = self._targets(data_samples)
        head = unwrap(self.adversarial_head)
        real = head.real_batch(onehot, probs, valid, inputs)
        grad_ref = None
        if head.adaptive_grad_ratio is not None:
            grad_ref = (sum(v for k, v in losses.items() if 'loss' in k),
                        self._classifier_weight())
        losses.update(self.adversarial_head(
            'generator', probs, valid, inputs, real=real, grad_ref=grad_ref))
        cache = dict(probs=probs.detach())
        if unlabeled_inputs is not None:
            semi_losses, u_probs = self._unlabeled_losses(
                unlabeled_inputs, unlabeled_data_samples, real)
            losses.update(semi_losses)
            cache['unlabeled_probs'] = u_probs.detach()
        return losses, cache

    def _unlabeled_forward(self):
        """Context of the unlabeled forward passes (``unlabeled_bn_stats``)."""
        if self.semi_cfg['unlabeled_bn_stats']:
            return contextlib.nullcontext()
        return frozen_bn_stats(self.backbone, self.decode_head,
                               self.neck if self.with_neck else None)

    def _unlabeled_losses(self, inputs: Tensor, data_samples: list,
                          real: Dict[str, Tensor]
                          ) -> Tuple[Dict[str, Tensor], Tensor]:
        """Adversarial and confidence-masked self-training losses (``real``:
        the labelled real batch, for feature matching)."""
        cfg = self.semi_cfg
        with self._unlabeled_forward():
            logits = self._forward(inputs)
        probs = self._to_probs(logits, inputs.shape[2:])
        loss_adv, conf = self.adversarial_head(
            'unlabeled', probs, inputs, cfg['adv_loss_weight'], real=real)
        losses = {'unlabeled.loss_adv': loss_adv}
        if current_iter() >= cfg['start_iter'] and \
                cfg['semi_loss_weight'] > 0:
            pseudo = probs.detach().argmax(dim=1)
            keep = select_confident(
                conf, pseudo, cfg['confident_share'],
                cfg['confidence_threshold'], cfg['class_balanced'])
            ignore = unwrap(self.adversarial_head).ignore_index
            pseudo[~keep] = ignore
            losses['unlabeled.loss_semi'] = cfg['semi_loss_weight'] * \
                self._self_training_loss(logits, pseudo, keep, data_samples,
                                         inputs.shape[2:], ignore)
            losses['unlabeled.confident'] = keep.float().mean()
        return losses, probs

    def _self_training_loss(self, logits, pseudo: Tensor, keep: Tensor,
                            data_samples: list, size: Tuple[int, int],
                            ignore: int) -> Tensor:
        """The unweighted loss on the pseudo-labels (``semi_cfg.loss_norm``).
        """
        if self.semi_cfg['loss_norm'] == 'selected':
            ce = F.cross_entropy(self._class_logits(logits, size), pseudo,
                                 ignore_index=ignore, reduction='sum')
            return ce / keep.sum().clamp(min=1)
        samples = [
            SegDataSample(gt_sem_seg=PixelData(data=p[None]),
                          metainfo=s.metainfo)
            for p, s in zip(pseudo, data_samples)
        ]
        semi = unwrap(self.decode_head).loss_by_feat(logits, samples)
        return sum(v for k, v in semi.items() if k.startswith('loss'))

    def discriminator_losses(self, inputs: Tensor, data_samples: list,
                             cache: Optional[dict],
                             unlabeled_inputs: Optional[Tensor] = None,
                             unlabeled_data_samples: Optional[list] = None
                             ) -> Dict[str, Tensor]:
        """The discriminator's losses on the cached (or, without a
        generator step, recomputed) probabilities."""
        use_unlabeled = unlabeled_inputs is not None and \
            self.semi_cfg['unlabeled_as_fake']
        if cache is None:
            cache = {}
            with torch.no_grad():
                cache['probs'] = self._segment(inputs, data_samples)[1]
                if use_unlabeled:
                    with self._unlabeled_forward():
                        logits = self._forward(unlabeled_inputs)
                    cache['unlabeled_probs'] = self._to_probs(
                        logits, unlabeled_inputs.shape[2:])
        onehot, valid = self._targets(data_samples)
        unlabeled = (cache['unlabeled_probs'], unlabeled_inputs) \
            if use_unlabeled else None
        return self.adversarial_head(
            'discriminator', cache['probs'], onehot, valid, inputs,
            unlabeled=unlabeled,
            labeled_as_fake=self.semi_cfg is None
            or self.semi_cfg['labeled_as_fake'])

