"""The discriminator of a cGAN segmentor, fed the segmentor's class maps."""
from typing import Dict, Optional, Tuple, Union

import torch
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import current_iter


@MODELS.register_module()
class AdversarialHead(BaseModule):
    """Judges class maps: ground truth (one-hot) is real, the segmentor's
    softmax is fake (Luc et al. 2016; Hung et al. 2018).

    The head turns the segmentor's outputs into the real and fake batches
    of the discriminator interface (:class:`BaseGANDiscriminator`); the
    discriminator (a :class:`ClassMapDiscriminator`) owns the losses. The
    segmentor is trained to fool it with weight ``adv_loss_weight`` (Hung:
    0.01). Pixels with the ignore label are zeroed in both class maps and,
    for per-pixel discriminators, masked out of every loss, so they never
    reach the discriminator's objective.

    The segmentor calls the head itself, ``adversarial_head(mode, ...)``
    (:meth:`forward`), once per loss, rather than its loss methods: under
    ``MMSeparateDistributedDataParallel`` that call is the forward of the
    head's DDP wrapper, and every discriminator pass inside it has its
    gradients synchronised.

    Args:
        discriminator: Config of a :class:`ClassMapDiscriminator`
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
        adv_start_iter: Training iteration from which the segmentor's
            adversarial terms count (labelled and unlabeled); before it
            λ_adv is 0 and only the discriminator learns, so the
            segmentor first fits its labels. Defaults to 0.
        adv_ramp_iters: Iterations over which λ_adv then rises linearly
            from 0 to its value (0: at once). Defaults to 0.
        adaptive_grad_ratio: If set, λ_adv of the labelled images is
            recomputed at every step so that the adversarial loss's
            gradient on the segmentor's classifier (the decode head's
            ``conv_seg``) is this share of the supervised losses' gradient
            there: ``λ = r * |∇L_seg| / |∇L_adv|`` (the adaptive weight of
            Esser et al. 2021), capped at ``max_adv_weight`` and warmed up
            like the fixed one, which it replaces. It follows the
            supervised gradient as that shrinks over training, where a
            fixed λ_adv lets the adversarial term take a growing share.
            Costs two gradients of that layer per step. Defaults to None
            (the fixed ``adv_loss_weight``).
        max_adv_weight: Cap of the adaptive λ_adv (a vanishing
            adversarial gradient would otherwise make it explode).
            Defaults to 1.0.

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
                 adv_start_iter: int = 0,
                 adv_ramp_iters: int = 0,
                 adaptive_grad_ratio: Optional[float] = None,
                 max_adv_weight: float = 1.0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0 <= real_smoothing < 1:
            raise ValueError('AdversarialHead: real_smoothing must be in '
                             f'[0, 1), got {real_smoothing}')
        for key, value in (('adv_start_iter', adv_start_iter),
                           ('adv_ramp_iters', adv_ramp_iters)):
            if not isinstance(value, int) or value < 0:
                raise ValueError(f'AdversarialHead: {key} must be an int '
                                 f'>= 0, got {value!r}')
        if adaptive_grad_ratio is not None and not adaptive_grad_ratio > 0:
            raise ValueError('AdversarialHead: adaptive_grad_ratio must be '
                             f'> 0 or None, got {adaptive_grad_ratio}')
        if not max_adv_weight > 0:
            raise ValueError('AdversarialHead: max_adv_weight must be > 0, '
                             f'got {max_adv_weight}')
        self.adaptive_grad_ratio = adaptive_grad_ratio
        self.max_adv_weight = max_adv_weight
        self.adv_start_iter = adv_start_iter
        self.adv_ramp_iters = adv_ramp_iters
        self.discriminator = MODELS.build(discriminator)
        for method in ('loss_discriminator', 'adversarial_term',
                       'confidence'):
            if not hasattr(self.discriminator, method):
                raise TypeError(
                    f'AdversarialHead: {type(self.discriminator).__name__} '
                    f'has no {method}(); use a ClassMapDiscriminator '
                    '(FCPixelDiscriminator, ImageLabelDiscriminator)')
        self.adv_loss_weight = adv_loss_weight
        self.real_smoothing = real_smoothing
        self.ignore_index = ignore_index

    @property
    def num_classes(self) -> int:
        """Class-map channels the discriminator expects."""
        return self.discriminator.num_classes

    def adv_scale(self) -> float:
        """The warm-up factor of λ_adv at the current training iteration.

        0 before ``adv_start_iter``, then rising linearly to 1 over
        ``adv_ramp_iters`` (:func:`current_iter`: 0 outside a Runner).
        """
        it = current_iter()
        if it < self.adv_start_iter:
            return 0.0
        if self.adv_ramp_iters == 0:
            return 1.0
        return min(1.0, (it - self.adv_start_iter + 1) / self.adv_ramp_iters)

    def forward(self, mode: str, *args, **kwargs
                ) -> Union[Dict[str, Tensor], Tuple[Tensor, Tensor]]:
        """The losses of one update: the segmentor's entry point.

        Args:
            mode: ``'generator'`` (:meth:`loss_generator`), ``'unlabeled'``
                (:meth:`unlabeled_losses`) or ``'discriminator'``
                (:meth:`loss_discriminator`).
            *args: That method's positional arguments.
            **kwargs: Its keyword arguments.

        Returns:
            dict or tuple: What that method returns.
        """
        losses = dict(generator=self.loss_generator,
                      unlabeled=self.unlabeled_losses,
                      discriminator=self.loss_discriminator)
        if mode not in losses:
            raise ValueError(f'AdversarialHead: mode must be one of '
                             f'{sorted(losses)}, got {mode!r}')
        return losses[mode](*args, **kwargs)

    @property
    def feature_matching(self) -> bool:
        """Whether the segmentor is trained by feature matching (s4GAN)."""
        return bool(getattr(self.discriminator, 'feature_matching', False))

    def real_batch(self, gt_onehot: Tensor, probs: Tensor, valid: Tensor,
                   img: Tensor) -> Dict[str, Tensor]:
        """The discriminator's real batch: the (smoothed) ground truth.

        Args:
            gt_onehot: ``(N, C, H, W)`` one-hot ground truth.
            probs: The segmentor's softmax of the same images
                (``real_smoothing``; detached here).
            valid: ``(N, H, W)`` non-ignored pixels.
            img: The normalised input images.
        """
        return dict(img=img, seg=self.smooth_real(gt_onehot, probs, valid),
                    valid=valid)

    def loss_generator(self, probs: Tensor, valid: Tensor, img: Tensor,
                       real: Optional[Dict[str, Tensor]] = None,
                       grad_ref: Optional[Tuple[Tensor, Tensor]] = None
                       ) -> Dict[str, Tensor]:
        """The segmentor's adversarial loss (its softmax should look real,
        or with a feature-matching discriminator match the real maps).

        Args:
            probs: ``(N, C, H, W)`` softmax of the segmentor.
            valid: ``(N, H, W)`` non-ignored pixels.
            img: ``(N, 3, H, W)`` the normalised input images.
            real: :meth:`real_batch` of the same images (needed for
                feature matching).
            grad_ref: ``(supervised loss, classifier weight)`` for the
                adaptive λ_adv (``adaptive_grad_ratio``).

        Returns:
            dict: ``loss_adv`` and ``adv_weight`` (the warmed-up, or
            adaptive, λ_adv, logged). During the warm-up the discriminator
            is not run.
        """
        scale = self.adv_scale()
        fixed = self.adaptive_grad_ratio is None
        if scale == 0 or (fixed and self.adv_loss_weight == 0):
            zero = probs.new_zeros(())
            return dict(loss_adv=zero, adv_weight=zero)
        fake = dict(img=img, seg=probs * valid.unsqueeze(1), valid=valid)
        losses = self.discriminator.loss_generator(real, fake)
        loss = sum(v for k, v in losses.items() if k.startswith('loss'))
        if fixed:
            weight = probs.new_tensor(self.adv_loss_weight * scale)
        else:
            if grad_ref is None:
                raise ValueError('AdversarialHead: adaptive_grad_ratio '
                                 'needs grad_ref (supervised loss, '
                                 'classifier weight)')
            weight = scale * self.adaptive_weight(loss, *grad_ref)
        return dict(loss_adv=weight * loss, adv_weight=weight.detach())

    def adaptive_weight(self, loss_adv: Tensor, loss_seg: Tensor,
                        layer: Tensor) -> Tensor:
        """``r * |∇L_seg| / |∇L_adv|`` on ``layer``, capped (detached).

        Args:
            loss_adv: The unweighted adversarial loss.
            loss_seg: The supervised losses of the same batch.
            layer: The parameter both gradients are taken on (the
                segmentor's classifier weight).
        """
        grads = []
        for name, loss in (('adversarial', loss_adv),
                           ('supervised', loss_seg)):
            grad, = torch.autograd.grad(
                loss, layer, retain_graph=True, allow_unused=True)
            if grad is None:
                raise ValueError(
                    f'AdversarialHead: the {name} loss does not depend on '
                    f'the classifier weight {tuple(layer.shape)} that '
                    'adaptive_grad_ratio balances on; the decode head must '
                    'produce the class map through its conv_seg')
            grads.append(grad.float().norm())
        weight = self.adaptive_grad_ratio * grads[1] / (grads[0] + 1e-8)
        return weight.clamp(max=self.max_adv_weight).detach()

    def unlabeled_losses(self, probs: Tensor, img: Tensor, weight: float,
                         real: Optional[Dict[str, Tensor]] = None
                         ) -> Tuple[Tensor, Tensor]:
        """Adversarial loss and confidence map on unlabeled predictions.

        Args:
            probs: ``(N, C, H, W)`` softmax on unlabeled images (every
                pixel counts).
            img: The normalised unlabeled images.
            weight: λ_adv for unlabeled images (warmed up as
                :meth:`adv_scale` says).
            real: The labelled :meth:`real_batch`, which a
                feature-matching discriminator matches the unlabeled maps
                to (s4GAN).

        Returns:
            tuple: The weighted loss and the ``(N, H, W)`` confidence that
            each pixel's prediction is real (detached).
        """
        disc = self.discriminator
        weight = weight * self.adv_scale()
        if self.feature_matching:
            if real is None:
                raise ValueError('AdversarialHead: feature matching on '
                                 'unlabeled images needs the real batch')
            loss, logits = disc.feature_matching_terms(
                real, dict(img=img, seg=probs))
        else:
            logits = disc(img, probs)
            loss = disc.adversarial_term(logits, True, False)
        return weight * loss, disc.confidence(logits, probs.shape[2:])

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

    def loss_discriminator(self, probs: Tensor, gt_onehot: Tensor,
                           valid: Tensor, img: Tensor,
                           unlabeled: Optional[Tuple[Tensor, Tensor]] = None,
                           labeled_as_fake: bool = True
                           ) -> Dict[str, Tensor]:
        """The discriminator's losses: one-hot is real, softmax is fake.

        Args:
            probs: Detached softmax of the segmentor.
            gt_onehot: One-hot ground truth (all zeros on ignored pixels).
            valid: Non-ignored pixels.
            img: The normalised input images.
            unlabeled: ``(probs, img)`` of unlabeled images, also fake
                (every pixel counts).
            labeled_as_fake: Whether the labelled predictions are fakes
                too (Hung et al.); False: only the unlabeled ones are
                (s4GAN), which needs ``unlabeled``.

        Returns:
            dict: ``loss_d_real``, ``loss_d_fake`` and the logged (not
            optimised) mean probabilities ``d_real`` and ``d_fake``.
        """
        real = self.real_batch(gt_onehot, probs, valid, img)
        fake = dict(img=img, seg=probs * valid.unsqueeze(1), valid=valid)
        if unlabeled is not None:
            u_probs, u_img = unlabeled
            u_fake = dict(img=u_img, seg=u_probs, valid=torch.ones_like(
                u_probs[:, 0], dtype=valid.dtype))
            fake = {k: torch.cat([fake[k], u_fake[k]])
                    for k in fake} if labeled_as_fake else u_fake
        elif not labeled_as_fake:
            raise ValueError('AdversarialHead: labeled_as_fake=False needs '
                             'the unlabeled predictions as fakes')
        return self.discriminator.loss_discriminator(real, fake)
