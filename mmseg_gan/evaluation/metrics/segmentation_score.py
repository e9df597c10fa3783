"""Segmentation score: how well a frozen segmentor parses generated images."""
import os.path as osp
from typing import Optional, Sequence

import numpy as np
import torch
from mmseg.apis import inference_model, init_model
from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class SegmentationScore(IoUMetric):
    """mIoU / aAcc of a reference segmentor on generated images.

    The metric SPADE and OASIS report: a segmentor trained on real images
    segments the images generated from label maps, and its prediction is
    scored against those label maps. Divided by the same segmentor's mIoU on
    the real images, it gives the seg-score ratio (1.0 = as parseable as
    real images). The segmentor runs through its own test pipeline
    (``mmseg.apis.inference_model``), exactly as on real images.

    Args:
        segmentor_config: Config file of the reference segmentor.
        segmentor_checkpoint: Its checkpoint.
        device: Device of the segmentor (default: CUDA if available).
        **kwargs: :class:`mmseg.evaluation.IoUMetric` arguments
            (``iou_metrics``, ``ignore_index``, ``prefix`` ...).
    """
    default_prefix = 'seg_score'

    def __init__(self,
                 segmentor_config: str,
                 segmentor_checkpoint: str,
                 device: Optional[str] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        for what, path in (('segmentor_config', segmentor_config),
                           ('segmentor_checkpoint', segmentor_checkpoint)):
            if not osp.isfile(path):
                raise FileNotFoundError(
                    f'SegmentationScore: {what} {path!r} does not exist')
        self.segmentor_config = segmentor_config
        self.segmentor_checkpoint = segmentor_checkpoint
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

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Segment the generated images and accumulate IoU statistics."""
        num_classes = len(self.dataset_meta['classes'])
        # generated RGB in [0, 255] -> uint8 BGR, as image files load
        imgs = [
            np.ascontiguousarray(
                s['fake_img']['data'].round().clamp(0, 255).byte().flip(
                    0).permute(1, 2, 0).cpu().numpy()) for s in data_samples
        ]
        preds = inference_model(self.segmentor, imgs)
        for pred, sample in zip(preds, data_samples):
            pred_label = pred.pred_sem_seg.data.squeeze().cpu()
            label = sample['gt_sem_seg']['data'].squeeze().to(pred_label)
            self.results.append(
                self.intersect_and_union(pred_label, label, num_classes,
                                         self.ignore_index))
