"""What the label-map GANs share: EMA, noise, rendering, losses, modes."""
from abc import abstractmethod
from copy import deepcopy
from typing import Dict, Iterable, List, Optional, Tuple, Union

import torch
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import Tensor
from torch.nn.modules.batchnorm import _BatchNorm

from ...utils import unwrap
from ..base import AlternatingUpdateMixin
from ..utils import labels_to_onehot


class BaseSynthesisGAN(AlternatingUpdateMixin, BaseModel):
    """Base of the GANs that make (image, label map) pairs.

    Trains on ordinary mmseg datasets (``PackSegInputs``) through the mmengine
    Runner with an ``OptimWrapperDict`` (``generator`` / ``discriminator``).
    The discriminator owns its adversarial loss (see
    :class:`BaseGANDiscriminator`), so SPADE-style (multi-scale PatchGAN +
    feature matching), OASIS-style (segmentation discriminator + LabelMix)
    and pix2pix (+ L1) models differ only in their parts. Subclasses say how
    a fake batch is made (:meth:`generate`): :class:`SemanticSynthesisGAN`
    renders given label maps, :class:`JointSynthesisGAN` makes both from
    noise.

    Args:
        generator: Generator config.
        discriminator: Discriminator config.
        data_preprocessor: Usually :class:`SegGANDataPreprocessor`.
        discriminator_steps: Discriminator updates per generator update.
        discriminator_interval: Generator updates per discriminator update.
        ema_config: mmengine ``ExponentialMovingAverage`` config for a
            generator EMA used at test time (``momentum``, ``interval``,
            ``start_iter``); ``None`` disables it. Its BatchNorm
            statistics are recomputed for its own weights by
            :meth:`recalibrate_ema_bn` (OASIS; the
            ``EMABNRecalibrationHook`` calls it before each checkpoint and
            sample grid).
        init_cfg: mmengine init config.
        reuse_fake: The discriminator step judges the images the generator
            step made, before the generator's update (one generator forward
            per iteration). False (SPADE, OASIS): it renders the batch again
            with the updated generator, as both references do.
        perceptual_loss: A :class:`VGGPerceptualLoss` config (SPADE's VGG
            loss between generated and real images, weight 10), for
            conditional models; None disables it.
    """
    #: whether fakes keep the real label maps (``G(label, noise)``)
    conditional: bool = True

    def __init__(self,
                 generator: dict,
                 discriminator: dict,
                 data_preprocessor: dict,
                 discriminator_steps: int = 1,
                 ema_config: Optional[dict] = None,
                 init_cfg: Optional[dict] = None,
                 discriminator_interval: int = 1,
                 reuse_fake: bool = False,
                 perceptual_loss: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.reuse_fake = reuse_fake
        self.generator = MODELS.build(generator)
        self.discriminator = MODELS.build(discriminator)
        self.set_update_schedule(discriminator_steps, discriminator_interval)
        gen_conditional = getattr(self.generator, 'conditional', True)
        if gen_conditional != self.conditional:
            right = 'SemanticSynthesisGAN' if gen_conditional else \
                'JointSynthesisGAN'
            raise TypeError(
                f'{type(self).__name__}: {type(self.generator).__name__} '
                f'is {"" if gen_conditional else "un"}conditional; use '
                f"model type='{right}'")
        self._check_num_classes()
        if perceptual_loss is not None and not self.conditional:
            raise ValueError(
                f'{type(self).__name__}: perceptual_loss compares a '
                'generated image with the real image of its label map; an '
                'unconditional model has none (set perceptual_loss=None)')
        self.perceptual_loss = None if perceptual_loss is None else \
            MODELS.build(perceptual_loss)
        self.ema_start = 0
        self.generator_ema = None
        if ema_config is not None:
            ema_config = deepcopy(ema_config)
            ema_config.setdefault('type', 'ExponentialMovingAverage')
            self.ema_start = ema_config.pop('start_iter', 0)
            self.generator_ema = MODELS.build(
                ema_config, default_args=dict(model=self.generator))

    @property
    def num_classes(self) -> int:
        """Number of semantic classes (from the data preprocessor)."""
        return self.data_preprocessor.num_classes

    def _check_num_classes(self) -> None:
        counts = {
            'data_preprocessor.num_classes': self.num_classes,
            'generator.num_classes': getattr(self.generator, 'num_classes',
                                             None),
            'discriminator.num_classes': getattr(self.discriminator,
                                                 'num_classes', None),
        }
        known = {k: v for k, v in counts.items() if v is not None}
        if len(set(known.values())) > 1:
            raise ValueError(
                'num_classes disagree: ' +
                ', '.join(f'{k}={v}' for k, v in known.items()))

    # ------------------------------------------------------------------
    # generation
    # ------------------------------------------------------------------
    @abstractmethod
    def generate(self,
                 seg: Optional[Tensor] = None,
                 noise: Optional[Tensor] = None,
                 num_batches: int = 1,
                 use_ema: bool = True) -> Dict[str, Tensor]:
        """Generate a batch.

        Args:
            seg: ``(N, C, H, W)`` one-hot label maps (conditional models).
            noise: Noise for the generator; sampled when ``None``.
            num_batches: Batch size for unconditional models.
            use_ema: Use the EMA generator when there is one.

        Returns:
            dict: ``img`` in [-1, 1], ``seg`` and ``label`` ``(N, H, W)``.
        """

    def _generator(self, use_ema: bool):
        return self.generator_ema if (use_ema and self.generator_ema
                                      is not None) else self.generator

    @property
    def stochastic(self) -> bool:
        """Whether the generator draws random numbers beyond its noise
        input at inference (pix2pix's test-time dropout)."""
        return bool(getattr(unwrap(self.generator), 'stochastic', False))

    @property
    def noise_size(self) -> int:
        """Length of the generator's noise vector (0: it takes none)."""
        gen = unwrap(self.generator)
        return getattr(gen, 'noise_channels', 0) or getattr(
            gen, 'noise_size', 0)

    def make_noise(self, seeds: List[int]) -> Optional[Tensor]:
        """One noise vector per seed (``torch.Generator`` seeded), on the
        model's device; None for a generator without noise input."""
        if not self.noise_size:
            return None
        device = next(self.parameters()).device
        return torch.stack([
            torch.randn(self.noise_size,
                        generator=torch.Generator().manual_seed(int(s)))
            for s in seeds
        ]).to(device)

    @torch.no_grad()
    def render(self,
               labels: Optional[Tensor] = None,
               noise: Optional[Tensor] = None,
               num_batches: Optional[int] = None,
               use_ema: bool = True,
               seed: Optional[int] = None) -> Dict[str, Tensor]:
        """Images as image files hold them, for label maps: the one path
        from a label map to pixels (synthesis, online GAN-aug, sample grids,
        benchmarks).

        One-hot (ignored pixels all zero), generate, back to [0, 255], BGR
        channel order (what mmcv/mmseg load), rounded to ``uint8``.

        Args:
            labels: ``(N, H, W)`` integer label maps on any device
                (conditional models).
            noise: ``(N, noise_size)``; sampled when None (see
                :meth:`make_noise` for seeded noise).
            num_batches: Batch size for unconditional models (default
                ``len(labels)``).
            use_ema: Use the EMA generator when there is one.
            seed: Seeds torch's global RNG for this call only (restored
                after), so a generator that draws at inference (pix2pix's
                test-time dropout, noise sampled here) renders the same
                images again.

        Returns:
            dict: ``img`` ``(N, 3, H, W)`` uint8 BGR and ``label``
            ``(N, H, W)`` (the generated map for unconditional models).
        """
        device = next(self.parameters()).device
        seg = None
        if labels is not None:
            seg = labels_to_onehot(labels.to(device).long(),
                                   self.num_classes,
                                   self.data_preprocessor.ignore_index)
        if num_batches is None:
            num_batches = len(labels) if labels is not None else 1
        if seed is None:
            out = self.generate(seg, noise=noise, num_batches=num_batches,
                                use_ema=use_ema)
        else:
            cuda = [device.index or 0] if device.type == 'cuda' else []
            with torch.random.fork_rng(devices=cuda):
                torch.manual_seed(seed)
                out = self.generate(seg, noise=noise,
                                    num_batches=num_batches, use_ema=use_ema)
        img = self.data_preprocessor.destruct(out['img']).flip(1)
        return dict(img=img.round().byte(), label=out['label'])

    # ------------------------------------------------------------------
    # training (the alternation itself is AlternatingUpdateMixin's)
    # ------------------------------------------------------------------
    def generator_losses(self, inputs: Dict[str, Tensor],
                         data_samples: List[SegDataSample]
                         ) -> Tuple[Dict[str, Tensor], dict]:
        fake = self.generate(
            inputs['seg'], num_batches=inputs['img'].shape[0], use_ema=False)
        disc = self.discriminator  # the DDP wrapper runs the forward
        losses = unwrap(disc).loss_generator(inputs, fake, forward=disc)
        losses.update(self.extra_generator_losses(inputs, fake))
        cache = dict(fake={k: v.detach() for k, v in fake.items()}) \
            if self.reuse_fake else None
        return losses, cache

    def extra_generator_losses(self, inputs: Dict[str, Tensor],
                               fake: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """Generator losses besides the discriminator's (none here)."""
        return {}

    def discriminator_losses(self, inputs: Dict[str, Tensor],
                             data_samples: List[SegDataSample],
                             cache: Optional[dict]) -> Dict[str, Tensor]:
        if cache is None:
            with torch.no_grad():
                fake = self.generate(
                    inputs['seg'],
                    num_batches=inputs['img'].shape[0],
                    use_ema=False)
        else:
            fake = cache['fake']
        disc = self.discriminator
        return unwrap(disc).loss_discriminator(inputs, fake, forward=disc)

    def after_generator_update(self, curr_iter: int) -> None:
        if self.generator_ema is None:
            return
        if curr_iter + 1 < self.ema_start:
            # before the start the EMA copies the generator (steps == 0 copies)
            self.generator_ema.steps.zero_()
        # mmengine's EMA also keeps non-averaged buffers in sync
        self.generator_ema.update_parameters(unwrap(self.generator))

    @torch.no_grad()
    def recalibrate_ema_bn(self, batches: Iterable[dict]) -> int:
        """Recompute the EMA generator's BatchNorm running statistics.

        The EMA's weights are an average, but its BatchNorm buffers are the
        live generator's, computed for other weights. As OASIS does before
        every evaluation and save (``utils.update_EMA``), the EMA generator
        renders training batches in train mode (no gradients), so that its
        BatchNorm layers update their running statistics with their own
        momentum. Noise is drawn from a forked random state: training
        continues exactly as without the recalibration.

        Args:
            batches: Training batches as the dataloader yields them
                (OASIS: 51).

        Returns:
            int: The number of batches rendered (0 without an EMA or
            without BatchNorm in the generator).
        """
        if self.generator_ema is None:
            return 0
        gen = self.generator_ema.module
        if not any(isinstance(m, _BatchNorm) and m.track_running_stats
                   for m in gen.modules()):
            return 0
        was_training = gen.training
        device = next(self.parameters()).device
        cuda = [device.index or 0] if device.type == 'cuda' else []
        count = 0
        gen.train()
        try:
            with torch.random.fork_rng(devices=cuda):
                for batch in batches:
                    inputs = self.data_preprocessor(batch, True)['inputs']
                    self.generate(inputs.get('seg'),
                                  num_batches=inputs['img'].shape[0],
                                  use_ema=True)
                    count += 1
        finally:
            gen.train(was_training)
        return count

    # ------------------------------------------------------------------
    # inference
    # ------------------------------------------------------------------
    def forward(self,
                inputs: Union[Tensor, Dict[str, Tensor]],
                data_samples: Optional[List[SegDataSample]] = None,
                mode: str = 'predict'
                ) -> Union[Tensor, Dict[str, Tensor], List[SegDataSample]]:
        """mmengine's three modes on a preprocessed batch.

        Args:
            inputs: The ``inputs`` of :class:`SegGANDataPreprocessor`.
            data_samples: The batch's data samples.
            mode: ``'loss'`` returns the generator's and the
                discriminator's losses on the batch (no update; the
                alternating update is :meth:`train_step`, which needs both
                optimizers); ``'predict'`` returns the data samples with
                ``fake_img`` (RGB, 0-255) set; ``'tensor'`` returns the
                images in [-1, 1].
        """
        if mode == 'loss':
            losses, cache = self.generator_losses(inputs, data_samples)
            d_losses = self.discriminator_losses(inputs, data_samples, cache)
            return {**losses, **d_losses}
        if mode not in ('predict', 'tensor'):
            raise ValueError(f'{type(self).__name__}.forward: mode must be '
                             f"'loss', 'predict' or 'tensor', got {mode!r}")
        out = self.generate(
            inputs.get('seg'), num_batches=inputs['img'].shape[0])
        if mode == 'tensor':
            return out['img']
        imgs = self.data_preprocessor.destruct(out['img'])
        samples = data_samples or [
            SegDataSample() for _ in range(imgs.shape[0])
        ]
        for i, sample in enumerate(samples):
            sample.fake_img = PixelData(data=imgs[i])
            if not self.conditional:
                sample.gt_sem_seg = PixelData(data=out['label'][i:i + 1])
        return samples

    def val_step(self, data: dict) -> List[SegDataSample]:
        data = self.data_preprocessor(data, False)
        return self(**data, mode='predict')

    def test_step(self, data: dict) -> List[SegDataSample]:
        return self.val_step(data)
