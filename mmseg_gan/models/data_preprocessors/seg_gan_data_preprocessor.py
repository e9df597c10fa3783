"""Synthesis GAN data preprocessor: images to [-1, 1], labels one-hot."""
from typing import Any, Dict, Sequence

import torch
from mmseg.models import SegDataPreProcessor
from mmseg.registry import MODELS
from torch import Tensor

from ..utils import check_label_range, labels_to_onehot


@MODELS.register_module()
class SegGANDataPreprocessor(SegDataPreProcessor):
    """mmseg's ``SegDataPreProcessor`` plus the label encodings a GAN needs.

    Consumes exactly what mmseg's ``PackSegInputs`` produces, so the GAN
    trains on the same dataset configs as the segmentor.

    Args:
        num_classes: Number of classes of the one-hot encoding.
        mean: Defaults to 127.5 (images map to [-1, 1]).
        std: Defaults to 127.5.
        bgr_to_rgb: Defaults to True (mmcv loads BGR).
        ignore_index: Label value with no class; its one-hot is all zeros.
        **kwargs: Other :class:`SegDataPreProcessor` arguments
            (``size``, ``size_divisor``, ``pad_val``, ``seg_pad_val``).

    The output is ``dict(inputs=dict(img, label, seg), data_samples)``:
    ``img`` ``(N, 3, H, W)`` in [-1, 1], ``label`` ``(N, H, W)`` long and
    ``seg`` ``(N, num_classes, H, W)`` one-hot. A label value that is not a
    class and not ``ignore_index`` raises an error naming the file, and
    so does a batch of images of different sizes.
    """

    def __init__(self,
                 num_classes: int,
                 mean: Sequence[float] = (127.5, 127.5, 127.5),
                 std: Sequence[float] = (127.5, 127.5, 127.5),
                 bgr_to_rgb: bool = True,
                 ignore_index: int = 255,
                 **kwargs) -> None:
        if kwargs.get('size') is None and kwargs.get('size_divisor') is None:
            kwargs['size_divisor'] = 1  # stack as is (pipelines fix sizes)
        super().__init__(mean=mean, std=std, bgr_to_rgb=bgr_to_rgb, **kwargs)
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def forward(self, data: dict, training: bool = False) -> Dict[str, Any]:
        self._check_one_size(data)
        out = super().forward(data, training)
        samples = out['data_samples']
        labels = torch.stack(
            [s.gt_sem_seg.data[0] for s in samples]).long()
        check_label_range(labels, self.num_classes, self.ignore_index,
                          [s.metainfo.get('seg_map_path') for s in samples])
        inputs = dict(
            img=out['inputs'],
            label=labels,
            seg=labels_to_onehot(labels, self.num_classes, self.ignore_index))
        return dict(inputs=inputs, data_samples=samples)

    @staticmethod
    def _check_one_size(data: dict) -> None:
        """A GAN batch is one size: padding would be rendered and judged as
        image content."""
        inputs = data.get('inputs')
        if not isinstance(inputs, (list, tuple)) or not inputs:
            return
        sizes = [tuple(img.shape[-2:]) for img in inputs]
        if len(set(sizes)) > 1:
            samples = data.get('data_samples') or []
            files = [s.metainfo.get('img_path', '?') for s in samples[:2]]
            raise ValueError(
                f'a synthesis GAN batch holds images of sizes '
                f'{sorted(set(sizes))} ({", ".join(files)}): its pipeline '
                'must give one size (a Resize with keep_ratio=False, or a '
                'RandomCrop no larger than the images), or the padding is '
                'trained as image content')

    def destruct(self, img: Tensor) -> Tensor:
        """Map generated images from [-1, 1] back to RGB values in [0, 255].

        Args:
            img: ``(N, 3, H, W)`` generator output.

        Returns:
            Tensor: ``(N, 3, H, W)`` float RGB in [0, 255].
        """
        return (img * self.std + self.mean).clamp(0, 255)

