"""Label map -> image GAN (SPADE, pix2pix, OASIS) and the joint DCGAN."""
from copy import deepcopy
from typing import Dict, List, Optional, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import Tensor

from ...utils import unwrap
from ..base import AlternatingUpdateMixin
from ..utils import labels_to_onehot


@MODELS.register_module()
class SemanticSynthesisGAN(AlternatingUpdateMixin, BaseModel):
    """A GAN that renders images from semantic label maps.

    Trains on ordinary mmseg datasets (``PackSegInputs``) through the mmengine
    Runner with an ``OptimWrapperDict`` (``generator`` / ``discriminator``).
    The discriminator owns its adversarial loss (see
    :class:`BaseGANDiscriminator`), so SPADE-style (multi-scale PatchGAN +
    feature matching), OASIS-style (segmentation discriminator + LabelMix)
    and pix2pix (+ L1) models are the same class with other parts.

    With a conditional generator (``generator.conditional``), fakes are
    ``G(one-hot label, noise)`` and keep the real label map. With the
    unconditional :class:`JointDCGANGenerator`, ``G(noise)`` yields image and
    label map together.

    Args:
        generator: Generator config.
        discriminator: Discriminator config.
        data_preprocessor: Usually :class:`SegGANDataPreprocessor`.
        discriminator_steps: Discriminator updates per generator update.
        ema_config: mmengine ``ExponentialMovingAverage`` config for a
            generator EMA used at test time (``momentum``, ``interval``,
            ``start_iter``); ``None`` disables it.
        l1_loss_weight: Weight of an L1 loss between generated and real
            images (pix2pix uses 100); 0 disables it.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 generator: dict,
                 discriminator: dict,
                 data_preprocessor: dict,
                 discriminator_steps: int = 1,
                 ema_config: Optional[dict] = None,
                 l1_loss_weight: float = 0.0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.generator = MODELS.build(generator)
        self.discriminator = MODELS.build(discriminator)
        self.discriminator_steps = discriminator_steps
        self.l1_loss_weight = l1_loss_weight
        self.conditional = getattr(self.generator, 'conditional', True)
        self._check_num_classes()
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
        gen = self.generator_ema if (use_ema and self.generator_ema
                                     is not None) else self.generator
        if self.conditional:
            if seg is None:
                raise ValueError('a conditional generator needs a label map')
            img = gen(seg, noise)
            return dict(img=img, seg=seg, label=self._labels_of(seg))
        out = gen(noise, num_batches=num_batches)
        return dict(img=out['img'], seg=out['seg'],
                    label=out['seg'].argmax(dim=1))

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
               use_ema: bool = True) -> Dict[str, Tensor]:
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
        out = self.generate(seg, noise=noise, num_batches=num_batches,
                            use_ema=use_ema)
        img = self.data_preprocessor.destruct(out['img']).flip(1)
        return dict(img=img.round().byte(), label=out['label'])

    @staticmethod
    def _labels_of(seg: Tensor) -> Tensor:
        label = seg.argmax(dim=1)
        label[seg.sum(dim=1) == 0] = 255
        return label

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
        if self.l1_loss_weight > 0 and self.conditional:
            losses['loss_g_l1'] = self.l1_loss_weight * F.l1_loss(
                fake['img'], inputs['img'])
        cache = dict(fake={k: v.detach() for k, v in fake.items()})
        return losses, cache

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

    # ------------------------------------------------------------------
    # inference
    # ------------------------------------------------------------------
    def forward(self,
                inputs: Union[Tensor, Dict[str, Tensor]],
                data_samples: Optional[List[SegDataSample]] = None,
                mode: str = 'predict') -> Union[Tensor, List[SegDataSample]]:
        """Generate images for a preprocessed batch.

        Args:
            inputs: The ``inputs`` of :class:`SegGANDataPreprocessor`.
            data_samples: The batch's data samples.
            mode: ``'predict'`` returns the data samples with ``fake_img``
                (RGB, 0-255) set; ``'tensor'`` returns the images in
                [-1, 1]. Training goes through :meth:`train_step`.
        """
        if mode not in ('predict', 'tensor'):
            raise ValueError(f'{type(self).__name__}.forward supports modes '
                             f"'predict' and 'tensor', got {mode!r}; "
                             'training runs through train_step')
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
