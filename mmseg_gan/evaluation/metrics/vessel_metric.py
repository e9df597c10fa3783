"""Retinal-vessel scores: Dice over the frame and the FOV, AUC-ROC, AUC-PR.
"""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log
from mmseg.registry import METRICS

from ...datasets.transforms.fov_mask import fov_mask_path, load_fov_mask


def _score_groups(labels: np.ndarray, scores: np.ndarray):
    """Positives and negatives per distinct score, scores ascending."""
    labels = np.asarray(labels, dtype=bool).ravel()
    scores = np.asarray(scores).ravel()
    if labels.shape != scores.shape:
        raise ValueError(f'{labels.size} labels but {scores.size} scores')
    if np.isnan(scores).any():
        raise ValueError('scores contain NaN')
    _, inverse = np.unique(scores, return_inverse=True)
    inverse = inverse.ravel()
    total = np.bincount(inverse)
    pos = np.bincount(inverse[labels], minlength=total.size)
    return pos, total - pos


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve, exact (as sklearn's ``roc_auc_score``).

    The Mann-Whitney form: the share of (positive, negative) pairs whose
    positive scores higher, a tie counting 1/2 (ranks averaged over ties).
    Counts are summed in integers, so the only rounding is the final
    division.

    Args:
        labels: Binary ground truth (any shape).
        scores: Scores of the same size; higher means positive.

    Returns:
        float: AUC-ROC in [0, 1]; NaN when one class is absent.
    """
    pos, neg = _score_groups(labels, scores)
    n_pos, n_neg = int(pos.sum()), int(neg.sum())
    if n_pos == 0 or n_neg == 0:
        return float('nan')
    pos, neg = pos.astype(np.int64), neg.astype(np.int64)
    neg_below = np.cumsum(neg) - neg
    twice = int((2 * pos * neg_below + pos * neg).sum())
    return twice / (2 * n_pos * n_neg)


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision (AUC-PR), exact, as sklearn's
    ``average_precision_score`` defines it.

    ``AP = sum_k (R_k - R_{k-1}) P_k`` over the thresholds ``k`` at the
    distinct scores, descending, where ``P_k`` and ``R_k`` are the
    precision and recall of predicting positive every score ``>=`` the
    threshold (no interpolation; tied scores enter together).

    Args:
        labels: Binary ground truth (any shape).
        scores: Scores of the same size; higher means positive.

    Returns:
        float: AP in [0, 1]; NaN when there is no positive.
    """
    pos, neg = _score_groups(labels, scores)
    pos, neg = pos[::-1].astype(np.int64), neg[::-1].astype(np.int64)
    n_pos = int(pos.sum())
    if n_pos == 0:
        return float('nan')
    tp = np.cumsum(pos)
    predicted = tp + np.cumsum(neg)
    return float(np.sum(pos / n_pos * (tp / predicted)))


@METRICS.register_module()
class VesselMetric(BaseMetric):
    """Vessel Dice over the frame and inside the FOV, and AUC-ROC and
    AUC-PR of the vessel probability inside the FOV.

    The scores retinal-vessel papers report (V-GAN, Son et al. 2017), from
    the same ``tools/test.py`` run as mmseg's ``IoUMetric``:

    - ``Dice``: Dice of the vessel class over the whole frame, in percent
      with 2 decimals (mmseg's ``IoUMetric`` ``Dice`` of that class);
    - ``Dice_FOV``: the same inside the field of view only;
    - ``AUC_ROC`` and ``AUC_PR`` (average precision): of the vessel
      probability, the softmax of the data sample's ``seg_logits``
      (sigmoid for one output channel), over the FOV pixels of all images
      pooled; exact (:func:`roc_auc`, :func:`average_precision`), in
      [0, 1].

    Keys carry the prefix ``vessel/`` (``vessel/Dice_FOV`` ...). Dice
    scores ``pred_sem_seg``. Pixels labelled ``ignore_index`` are left out
    of every score. The FOV mask of each image is read from
    ``fov_mask_path(img_path, img_dir, mask_dir, mask_suffix)``; it, the
    label and the logits must have one size (mmseg's segmentors return
    logits at the original image size, and DRIVE's test pipeline loads the
    label after ``Resize``). Each image keeps its FOV probabilities
    (float32) and labels (bool): about 23 MB for DRIVE's 20 test images.

    Args:
        vessel_index: Class index of vessels. Defaults to 1.
        ignore_index: Label value left out. Defaults to 255.
        img_dir: Folder name of the images (see :func:`fov_mask_path`).
        mask_dir: Folder name of the FOV masks.
        mask_suffix: What replaces the image's extension in the mask name.
        backend_args: mmengine file backend arguments for the masks.
        collect_device: Device to gather results on across ranks.
        prefix: Key prefix. Defaults to ``'vessel'``.
    """
    default_prefix: Optional[str] = 'vessel'

    def __init__(self,
                 vessel_index: int = 1,
                 ignore_index: int = 255,
                 img_dir: str = 'images',
                 mask_dir: str = 'masks',
                 mask_suffix: str = '_mask.png',
                 backend_args: Optional[dict] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.vessel_index = vessel_index
        self.ignore_index = ignore_index
        self.img_dir = img_dir
        self.mask_dir = mask_dir
        self.mask_suffix = mask_suffix
        self.backend_args = backend_args

    def _vessel_prob(self, logits: torch.Tensor) -> torch.Tensor:
        logits = logits.float()
        if logits.shape[0] == 1:  # one channel: mmseg thresholds a sigmoid
            if self.vessel_index != 1:
                raise ValueError(
                    'VesselMetric: one-channel logits score class 1, but '
                    f'vessel_index is {self.vessel_index}')
            return logits[0].sigmoid()
        return logits.softmax(dim=0)[self.vessel_index]

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Count Dice areas and keep the FOV probabilities of each image.

        Args:
            data_batch: A batch from the dataloader (unused).
            data_samples: The model's outputs, with ``seg_logits``,
                ``pred_sem_seg``, ``gt_sem_seg`` and ``img_path``.
        """
        for sample in data_samples:
            img_path = sample['img_path']
            if 'seg_logits' not in sample:
                raise KeyError(
                    f'VesselMetric: the prediction of {img_path!r} has no '
                    'seg_logits (the vessel probability)')
            path = fov_mask_path(img_path, self.img_dir, self.mask_dir,
                                 self.mask_suffix)
            fov = load_fov_mask(path, img_path, self.backend_args) > 0
            label = sample['gt_sem_seg']['data'].squeeze(0).cpu().numpy()
            pred = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy()
            prob = self._vessel_prob(
                sample['seg_logits']['data']).cpu().numpy()
            shapes = {'FOV mask': fov.shape, 'label': label.shape,
                      'prediction': pred.shape, 'logits': prob.shape}
            if len(set(shapes.values())) != 1:
                raise ValueError(
                    f'VesselMetric: sizes differ for {img_path!r}: ' +
                    ', '.join(f'{k} {v[0]}x{v[1]}'
                              for k, v in shapes.items()))
            valid = label != self.ignore_index
            gt = label == self.vessel_index
            hit = pred == self.vessel_index
            inside = valid & fov
            areas = np.array(
                [[(hit & gt & keep).sum(), (hit & keep).sum(),
                  (gt & keep).sum()] for keep in (valid, inside)],
                dtype=np.int64)
            self.results.append(
                dict(areas=areas,
                     prob=prob[inside].astype(np.float32),
                     label=gt[inside]))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Dice (frame, FOV) and AUC-ROC / AUC-PR (FOV) over all images.

        Args:
            results: The per-image results of :meth:`process`.

        Returns:
            dict: ``Dice``, ``Dice_FOV``, ``AUC_ROC`` and ``AUC_PR``.
        """
        areas = sum(r['areas'] for r in results)  # (frame|FOV, I/P/G)
        with np.errstate(invalid='ignore', divide='ignore'):
            dice = 2 * areas[:, 0] / (areas[:, 1] + areas[:, 2])
        prob = np.concatenate([r['prob'] for r in results])
        label = np.concatenate([r['label'] for r in results])
        print_log(
            f'VesselMetric: {len(results)} images, {label.size} FOV pixels, '
            f'{label.mean() * 100 if label.size else 0:.2f}% vessel',
            logger='current')
        return dict(
            Dice=float(np.round(dice[0] * 100, 2)),
            Dice_FOV=float(np.round(dice[1] * 100, 2)),
            AUC_ROC=roc_auc(label, prob),
            AUC_PR=average_precision(label, prob))
