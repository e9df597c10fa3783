"""Segmentation score: how well a frozen segmentor parses generated images."""
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from mmseg.apis import inference_model, init_model
from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS

from ...utils.file_check import require_file


@METRICS.register_module()
class SegmentationScore(IoUMetric):
    """mIoU / aAcc of a reference segmentor on generated images.

    The metric SPADE and OASIS report: a segmentor trained on real images
    segments the images generated from label maps, and its prediction is
    scored against those label maps. With ``compare_real`` the same
    segmentor also segments the real images of the batch (same size, same
    pipeline), giving ``real_mIoU`` and the seg-score ratio
    ``ratio = mIoU / real_mIoU`` (1.0 = as parseable as real images). The
    segmentor runs through its own test pipeline
    (``mmseg.apis.inference_model``).

    Args:
        segmentor_config: Config file of the reference segmentor.
        segmentor_checkpoint: Its checkpoint (local file or URL).
        compare_real: Also score the real images. Defaults to True.
        device: Device of the segmentor (default: CUDA if available).
        **kwargs: :class:`mmseg.evaluation.IoUMetric` arguments
            (``iou_metrics``, ``ignore_index``, ``prefix`` ...).
    """
    default_prefix = 'seg_score'

    def __init__(self,
                 segmentor_config: str,
                 segmentor_checkpoint: str,
                 compare_real: bool = True,
                 device: Optional[str] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        for what, path in (('segmentor_config', segmentor_config),
                           ('segmentor_checkpoint', segmentor_checkpoint)):
            require_file(path, f'SegmentationScore: {what}')
        self.segmentor_config = segmentor_config
        self.segmentor_checkpoint = segmentor_checkpoint
        self.compare_real = compare_real
        self.device = device or ('cuda' if torch.cuda.is_available() else
                                 'cpu')
        self._segmentor = None

    @property
    def segmentor(self):
        """The reference segmentor, built on first use."""
        if self._segmentor is None:
            self._segmentor = init_model(self.segmentor_config,
                                         self.segmentor_checkpoint,
                                         device=self.device)
            ref_classes = len(self._segmentor.dataset_meta['classes'])
            if self.dataset_meta and ref_classes != len(
                    self.dataset_meta['classes']):
                raise ValueError(
                    f'SegmentationScore: the reference segmentor has '
                    f'{ref_classes} classes, the dataset '
                    f"{len(self.dataset_meta['classes'])}")
        return self._segmentor

    def _score(self, imgs: List[np.ndarray], data_samples: Sequence[dict],
               num_classes: int) -> list:
        preds = inference_model(self.segmentor, imgs)
        stats = []
        for pred, sample in zip(preds, data_samples):
            pred_label = pred.pred_sem_seg.data.squeeze().cpu()
            label = sample['gt_sem_seg']['data'].squeeze().to(pred_label)
            stats.append(
                self.intersect_and_union(pred_label, label, num_classes,
                                         self.ignore_index))
        return stats

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Segment generated (and real) images; accumulate IoU statistics."""
        num_classes = len(self.dataset_meta['classes'])
        # generated RGB in [0, 255] -> uint8 BGR, as image files load
        fake = [
            np.ascontiguousarray(
                s['fake_img']['data'].round().clamp(0, 255).byte().flip(
                    0).permute(1, 2, 0).cpu().numpy()) for s in data_samples
        ]
        fake_stats = self._score(fake, data_samples, num_classes)
        real_stats = [None] * len(fake_stats)
        if self.compare_real:
            real = [  # the batch's images, loaded BGR, after the pipeline
                np.ascontiguousarray(img.permute(1, 2, 0).cpu().numpy())
                for img in data_batch['inputs']
            ]
            real_stats = self._score(real, data_samples, num_classes)
        self.results.extend(zip(fake_stats, real_stats))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """mIoU etc. on generated images, ``real_*`` and ``ratio``."""
        metrics = super().compute_metrics([fake for fake, _ in results])
        if self.compare_real:
            real = super().compute_metrics([real for _, real in results])
            metrics.update({f'real_{k}': v for k, v in real.items()})
            if real.get('mIoU'):
                metrics['ratio'] = round(metrics['mIoU'] / real['mIoU'], 4)
        return metrics
