"""Generated images as a segmentor's data preprocessor would hand them on."""
from typing import List, Tuple

import torch
from mmseg.models import SegDataPreProcessor
from mmseg.structures import SegDataSample
from mmseg.utils import stack_batch
from torch import Tensor


def to_segmentor_batch(img: Tensor, data_samples: List[SegDataSample],
                       gan_preprocessor: SegDataPreProcessor,
                       seg_preprocessor: SegDataPreProcessor
                       ) -> Tuple[Tensor, List[SegDataSample]]:
    """Differentiably turn generator output into a segmentor's batch.

    The same steps as ``seg_preprocessor(data, training=True)`` on the
    image files :meth:`BaseSynthesisGAN.render` would write, without the
    rounding to ``uint8``: ``[-1, 1]`` RGB back to ``[0, 255]`` with the GAN
    preprocessor's mean / std (clamped as ``destruct`` does), the
    segmentor's channel order (mmcv loads BGR; a preprocessor with
    ``bgr_to_rgb`` / ``rgb_to_bgr`` flips it, i.e. wants RGB), its
    normalisation and padding (``size`` / ``size_divisor``; mmseg 1.x
    builds no ``batch_augments``).

    Args:
        img: ``(N, 3, H, W)`` generator output in ``[-1, 1]``, RGB.
        data_samples: One sample per image holding its ``gt_sem_seg``;
            padded in place and returned, as mmseg's preprocessor does.
        gan_preprocessor: The GAN's :class:`SegGANDataPreprocessor`.
        seg_preprocessor: The segmentor's data preprocessor.

    Returns:
        tuple: ``(N, 3, H', W')`` inputs and the data samples.
    """
    rgb = (img * gan_preprocessor.std + gan_preprocessor.mean).clamp(0, 255)
    # a preprocessor with channel conversion turns the loaded BGR into RGB
    x = rgb if seg_preprocessor.channel_conversion else rgb.flip(1)
    if seg_preprocessor._enable_normalize:
        x = (x - seg_preprocessor.mean) / seg_preprocessor.std
    inputs, data_samples = stack_batch(
        inputs=list(torch.unbind(x)),
        data_samples=data_samples,
        size=seg_preprocessor.size,
        size_divisor=seg_preprocessor.size_divisor,
        pad_val=seg_preprocessor.pad_val,
        seg_pad_val=seg_preprocessor.seg_pad_val)
    return inputs, data_samples
