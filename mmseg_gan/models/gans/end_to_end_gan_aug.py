"""End-to-end GAN-aug: a synthesizer that learns what helps the segmentor."""
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import Tensor

from ...utils import unwrap
from ..utils import current_iter, labels_to_onehot
from ..utils.label_batch_augment import augment_label_batch
from ..utils.segmentor_inputs import to_segmentor_batch
from ..utils.task_hypergradient import task_hypergradient
from .semantic_synthesis_gan import SemanticSynthesisGAN

LABEL_AUGMENT_KEYS = ('flip_prob', 'scale_range', 'paste_prob',
                      'max_instances', 'rare_classes', 'rotate_prob',
                      'max_rotate_degree')


@MODELS.register_module()
class EndToEndGANAug(SemanticSynthesisGAN):
    """A label-map GAN and an mmseg segmentor trained together, the
    generator also learning which images help the segmentor (GenSeg,
    Zhang et al., Nat. Commun. 2025).

    One iteration (the shared alternating update, then a third step)::

        batch: real (img, map) + held-out (img, map)   [HeldOutSegDataset]
          maps m = training maps (after the pipeline), label_augment'ed
          |
          +-- G step: GAN losses(G(real map), img)
          |          + w * L_task                   (from task_start_iter)
          |     L_task = L_seg(θ', held-out),
          |     θ' = θ - η ∇θ L_seg(θ; G(m), m)      (θ: copies, one step)
          |     ∂L_task/∂G reaches the task_params through θ'
          +-- D step: discriminator on real vs the fakes (as pix2pix)
          +-- S step: segmentor on real + G(m) rendered again after the G
                      update (detached): its own optimizer, its own loss

    The held-out pairs enter only ``L_task``, evaluated with detached
    copies of the segmentor's parameters and cloned buffers: never the
    segmentor's update (nor its BatchNorm statistics) nor the GAN's. The
    S step re-renders ``m`` with the updated generator: those are the
    images the task term has just moved it towards (one generator forward
    without gradients; ``discriminator_steps > 1`` iterations without a G
    step render them the same way). ``L_task``'s images come from a
    generator forward of their own (``m`` may be augmented, the GAN pairs
    are not).

    ``hypergradient='exact'`` differentiates through the unrolled step
    with ``torch.func.functional_call`` (a double backward through the
    segmentor); ``'finite_difference'`` is DARTS' approximation of the
    same term (first derivatives only, see
    :func:`~mmseg_gan.models.utils.task_hypergradient.task_hypergradient`).
    The step is plain gradient descent with the segmentor optimizer's
    current learning rate per parameter (its momentum and weight decay
    left out), or ``unroll_lr``. The hypergradient on ``task_params`` is
    injected as ``sum(p * g.detach())`` into the generator's loss, so the
    optimizer wrapper's own backward (accumulation, DDP) applies it; the
    unroll itself runs under the wrapper's context (AMP autocast) without
    loss scaling.

    Cost per iteration (``tools/benchmarks/e2e_step_time.py``, 2-thread
    CPU shared with other jobs, 64x128 crops, batch 2; the same model with
    ``task_loss_weight=0`` as the base): the demo networks (UNet-S5-D16,
    pix2pix width 16) 8.8 s without the task term, 30.2 s exact (3.4x),
    20.7 s finite difference (2.4x); at width 8, 1.8 / 4.8 / 4.7 s.

    Logged (G steps from ``task_start_iter``): ``loss_task`` (``w *
    L_task``, part of ``loss_g``), ``task_heldout`` (``L_task``),
    ``task_grad_norm`` / ``gan_grad_norm`` (norms of the task term's and
    the GAN losses' gradients on the ``task_params``; the latter costs one
    more backward of the GAN losses) and ``task_grad_share`` (task / (task
    + GAN)); every iteration ``loss_seg`` and ``seg.*`` (the segmentor's
    losses and accuracy). Inference is the segmentor's
    (``val_step`` / ``test_step`` / ``forward``), so ``tools/test.py``
    scores it; checkpoints hold all three networks.

    Args:
        segmentor: Any mmseg segmentor config, with its own data
            preprocessor; its ``num_classes`` must be the GAN's.
        generator: Conditional generator config.
        discriminator: Discriminator config.
        data_preprocessor: The GAN's :class:`SegGANDataPreprocessor`.
        task_loss_weight: ``w``; 0 trains GAN and segmentor side by side
            (online GAN-aug with a generator trained alongside).
        task_start_iter: Iterations of plain GAN training first (warm-up).
        unroll_lr: Step size of the unrolled step; None: the segmentor
            optimizer's current learning rate of each parameter (set it
            for adaptive optimizers such as AdamW, whose lr is no SGD
            step).
        task_params: Generator parameters the task term moves: None for
            all, or regexes matched at the start of the parameter names
            (a plain prefix works), e.g. the last layers or SPADE's
            modulation.
        hypergradient: ``'exact'`` or ``'finite_difference'``.
        label_augment: ``augment_label_map`` settings (``flip_prob``,
            ``scale_range``, ``paste_prob``, ``max_instances``,
            ``rare_classes``) plus ``rotate_prob`` / ``max_rotate_degree``,
            applied to the maps rendered for the task term and the
            segmentor; None renders the training maps as they are.
        **kwargs: :class:`SemanticSynthesisGAN` arguments.
    """

    def __init__(self,
                 segmentor: dict,
                 generator: dict,
                 discriminator: dict,
                 data_preprocessor: dict,
                 task_loss_weight: float = 1.0,
                 task_start_iter: int = 0,
                 unroll_lr: Optional[float] = None,
                 task_params: Optional[Union[str, Sequence[str]]] = None,
                 hypergradient: str = 'exact',
                 label_augment: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(generator, discriminator, data_preprocessor,
                         **kwargs)
        self.segmentor = MODELS.build(segmentor)
        name = type(self).__name__
        seg_classes = getattr(self.segmentor, 'num_classes', None)
        if seg_classes is not None and seg_classes != self.num_classes:
            raise ValueError(
                f'{name}: the segmentor has {seg_classes} classes, the GAN '
                f'{self.num_classes} (data_preprocessor.num_classes)')
        if task_loss_weight < 0:
            raise ValueError(f'{name}: task_loss_weight must be >= 0, got '
                             f'{task_loss_weight}')
        if unroll_lr is not None and unroll_lr <= 0:
            raise ValueError(f'{name}: unroll_lr must be > 0 or None, got '
                             f'{unroll_lr}')
        if hypergradient not in ('exact', 'finite_difference'):
            raise ValueError(f"{name}: hypergradient must be 'exact' or "
                             f"'finite_difference', got {hypergradient!r}")
        unknown = set(label_augment or {}) - set(LABEL_AUGMENT_KEYS)
        if unknown:
            raise KeyError(f'{name}: label_augment has unknown keys '
                           f'{sorted(unknown)}; known: {LABEL_AUGMENT_KEYS}')
        self.task_loss_weight = task_loss_weight
        self.task_start_iter = task_start_iter
        self.unroll_lr = unroll_lr
        self.hypergradient = hypergradient
        self.label_augment = label_augment
        self.task_param_names = self._select_task_params(task_params)
        # this iteration's task batch and unroll step sizes (train_step)
        self._batch: Optional[dict] = None
        self._unroll_lrs: Union[float, Dict[str, float], None] = None

    def _select_task_params(self, patterns: Optional[Union[str, Sequence[str]]]
                            ) -> List[str]:
        names = [n for n, p in unwrap(self.generator).named_parameters()
                 if p.requires_grad]
        if patterns is None:
            return names
        patterns = [patterns] if isinstance(patterns, str) else patterns
        chosen = [n for n in names if any(re.match(p, n) for p in patterns)]
        if not chosen:
            raise ValueError(
                f'{type(self).__name__}: task_params {list(patterns)} match '
                f'no generator parameter (names look like {names[0]!r}, '
                f'{names[-1]!r})')
        return chosen

    # ------------------------------------------------------------------
    # training: the mixin's G and D steps, then the segmentor's
    # ------------------------------------------------------------------
    def task_active(self) -> bool:
        """Whether this iteration's generator step has the task term."""
        curr_iter = current_iter()
        return self.task_loss_weight > 0 and \
            curr_iter >= self.task_start_iter

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        """G step (GAN losses + task term), D step, segmentor step.

        Args:
            data: A batch of :class:`HeldOutSegDataset` (the held-out
                samples are needed once the task term is on).
            optim_wrapper: ``generator``, ``discriminator`` and
                ``segmentor`` wrappers.

        Returns:
            dict: Log variables of the three updates.
        """
        if not isinstance(optim_wrapper, OptimWrapperDict) or \
                'segmentor' not in optim_wrapper.keys():
            raise TypeError(
                f"{type(self).__name__} needs an OptimWrapperDict with keys "
                "'generator', 'discriminator' and 'segmentor' (optim_wrapper "
                "config: one wrapper per submodule name, constructor="
                "'mmagic.MultiOptimWrapperConstructor')")
        seg_wrapper = optim_wrapper['segmentor']
        self._unroll_lrs = self._step_sizes(seg_wrapper)
        try:  # the mixin's step calls preprocess_train_batch (sets _batch)
            log_vars = super().train_step(data, optim_wrapper)
            log_vars.update(self._segmentor_step(seg_wrapper))
        finally:
            self._batch = None
        return log_vars

    def _step_sizes(self, wrapper: OptimWrapper
                    ) -> Union[float, Dict[str, float]]:
        """``unroll_lr``, or the segmentor optimizer's lr per parameter."""
        if self.unroll_lr is not None:
            return self.unroll_lr
        names = {id(p): n
                 for n, p in unwrap(self.segmentor).named_parameters()}
        return {names[id(p)]: group['lr']
                for group in wrapper.optimizer.param_groups
                for p in group['params'] if id(p) in names}

    def preprocess_train_batch(self, data: dict) -> Dict[str, object]:
        """The GAN's batch plus ``task_batch``: the maps to render, the
        real batch and (task term on) the held-out batch, both through the
        segmentor's data preprocessor."""
        batch = super().preprocess_train_batch(data)
        seg_dp = unwrap(self.segmentor).data_preprocessor
        maps = batch['inputs']['label']
        if self.label_augment:
            rng = np.random.default_rng(int(torch.randint(0, 2**31 - 1, ())))
            maps = augment_label_batch(
                maps, rng, self.data_preprocessor.ignore_index,
                **self.label_augment)
        real = seg_dp(dict(inputs=data['inputs'],
                           data_samples=data['data_samples']), True)
        task = dict(maps=maps, real=(real['inputs'], real['data_samples']))
        if self.task_loss_weight > 0 and 'held_out_inputs' not in data:
            raise KeyError(
                f"{type(self).__name__}: the batch has no 'held_out_inputs': "
                'wrap the training dataset in HeldOutSegDataset (train=..., '
                'held_out=... with its split file), or set '
                'task_loss_weight=0')
        if self.task_active():
            held = seg_dp(dict(inputs=data['held_out_inputs'],
                               data_samples=data['held_out_data_samples']),
                          True)
            task['held_out'] = (held['inputs'], held['data_samples'])
        self._batch = batch['task_batch'] = task
        return batch

    def generator_losses(self, inputs: Dict[str, Tensor],
                         data_samples: List[SegDataSample],
                         task_batch: Optional[dict] = None
                         ) -> Tuple[Dict[str, Tensor], dict]:
        losses, cache = super().generator_losses(inputs, data_samples)
        if task_batch is not None and 'held_out' in task_batch:
            losses.update(self._task_term(losses, task_batch))
        return losses, cache

    def discriminator_losses(self, inputs: Dict[str, Tensor],
                             data_samples: List[SegDataSample],
                             cache: Optional[dict],
                             task_batch: Optional[dict] = None
                             ) -> Dict[str, Tensor]:
        return super().discriminator_losses(inputs, data_samples, cache)

    def _task_term(self, gan_losses: Dict[str, Tensor],
                   task: dict) -> Dict[str, Tensor]:
        """``loss_task`` (the hypergradient on the task params) and its
        logs."""
        seg = unwrap(self.segmentor)
        synthetic = to_segmentor_batch(
            self._render(task['maps']), self._synthetic_samples(task),
            self.data_preprocessor, seg.data_preprocessor)
        named = dict(unwrap(self.generator).named_parameters())
        params = [named[n] for n in self.task_param_names]
        heldout, grads = task_hypergradient(
            seg, synthetic, task['held_out'], self._unroll_lrs, params,
            self.hypergradient)
        w = self.task_loss_weight
        grads = [w * g for g in grads]
        gan_total = sum(v for k, v in gan_losses.items() if 'loss' in k)
        gan_grads = torch.autograd.grad(
            gan_total, params, retain_graph=True, allow_unused=True)
        task_norm = _norm(grads)
        gan_norm = _norm([g for g in gan_grads if g is not None])
        inject = sum((p * g.detach()).sum() for p, g in zip(params, grads))
        return dict(
            loss_task=w * heldout + (inject - inject.detach()),
            task_heldout=heldout,
            task_grad_norm=task_norm,
            gan_grad_norm=gan_norm,
            task_grad_share=task_norm / (task_norm + gan_norm.to(
                task_norm.device)).clamp(min=1e-12))

    def _render(self, maps: Tensor) -> Tensor:
        """The live generator's images of ``maps`` in [-1, 1] (unwrapped:
        these forwards are not the DDP-synchronised GAN step's)."""
        seg = labels_to_onehot(maps, self.num_classes,
                               self.data_preprocessor.ignore_index)
        noise = torch.randn(len(maps), self.noise_size, device=seg.device) \
            if self.noise_size else None
        return unwrap(self.generator)(seg, noise)

    @staticmethod
    def _synthetic_samples(task: dict) -> List[SegDataSample]:
        """Data samples of the rendered pairs (metainfo of the real one)."""
        return [
            SegDataSample(gt_sem_seg=PixelData(data=m[None].clone()),
                          metainfo=dict(s.metainfo, is_synthetic=True))
            for m, s in zip(task['maps'], task['real'][1])
        ]

    def _segmentor_step(self, wrapper: OptimWrapper) -> Dict[str, Tensor]:
        """One segmentor update on the real + freshly rendered pairs."""
        task = self._batch
        seg = self.segmentor
        with torch.no_grad():
            img = self._render(task['maps'])
        syn_inputs, syn_samples = to_segmentor_batch(
            img, self._synthetic_samples(task), self.data_preprocessor,
            unwrap(seg).data_preprocessor)
        real_inputs, real_samples = task['real']
        inputs = torch.cat([real_inputs, syn_inputs])
        with wrapper.optim_context(seg):
            losses = seg(inputs, list(real_samples) + syn_samples,
                         mode='loss')
        loss, log_vars = unwrap(seg).parse_losses(losses)
        curr_iter = current_iter()
        self._check_finite(loss, log_vars, 'segmentor', curr_iter)
        wrapper.update_params(loss)
        out = {'loss_seg': log_vars.pop('loss')}
        out.update({f'seg.{k}': v for k, v in log_vars.items()})
        return out

    # ------------------------------------------------------------------
    # inference: the segmentor's
    # ------------------------------------------------------------------
    def forward(self, inputs: Tensor,
                data_samples: Optional[List[SegDataSample]] = None,
                mode: str = 'predict'):
        """The segmentor's forward (inputs from its data preprocessor)."""
        return self.segmentor(inputs, data_samples, mode=mode)

    def val_step(self, data: dict) -> List[SegDataSample]:
        return unwrap(self.segmentor).val_step(data)

    def test_step(self, data: dict) -> List[SegDataSample]:
        return unwrap(self.segmentor).test_step(data)


def _norm(tensors: Sequence[Tensor]) -> Tensor:
    """The L2 norm of several tensors together (detached; 0 for none)."""
    if not tensors:
        return torch.zeros(())
    return torch.sqrt(sum((t.detach().float()**2).sum() for t in tensors))
