"""VesselMetric against brute-force scores, and the DRIVE config end to end
(2 iterations of tools/train.py, then tools/test.py) on tiny DRIVE data."""
import os
import os.path as osp
import re

import numpy as np
import pytest
import torch
from conftest import run_tool
from mmengine.config import Config
from mmseg.registry import DATASETS, METRICS, MODELS
from PIL import Image
from test_datasets.test_fov_mask import DRIVE_CFG, make_tiny_drive

from mmseg_gan.datasets.transforms import fov_mask_path
from mmseg_gan.evaluation import average_precision, roc_auc


def brute_auc(labels, scores):
    """Share of (vessel, background) pairs ranked right, ties 1/2."""
    pos, neg = scores[labels], scores[~labels]
    diff = pos[:, None] - neg[None, :]
    return ((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size


def brute_ap(labels, scores):
    """sum_k (R_k - R_k-1) P_k over the distinct scores, descending."""
    ap, prev_recall = 0.0, 0.0
    for t in sorted(set(scores.tolist()), reverse=True):
        chosen = scores >= t
        tp = (chosen & labels).sum()
        recall = tp / labels.sum()
        ap += (recall - prev_recall) * tp / chosen.sum()
        prev_recall = recall
    return ap


def brute_dice(pred, gt, keep):
    pred, gt = pred[keep], gt[keep]
    return 2 * (pred & gt).sum() / (pred.sum() + gt.sum()) * 100


def test_sklearn_documented_values():
    # sklearn's docs: roc_auc_score / average_precision_score examples
    y = np.array([0, 0, 1, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8])
    assert roc_auc(y, s) == 0.75
    assert average_precision(y, s) == pytest.approx(0.8333333333333333,
                                                    abs=1e-15)


@pytest.mark.parametrize('seed,levels', [(0, 3), (1, 7), (2, 1000)])
def test_auc_and_ap_match_their_definitions_with_ties(seed, levels):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, levels, 400).astype(np.float32) / levels
    labels = rng.random(400) < 0.3
    assert len(np.unique(scores)) <= levels  # ties for small levels
    assert roc_auc(labels, scores) == pytest.approx(
        brute_auc(labels, scores), abs=1e-12)
    assert average_precision(labels, scores) == pytest.approx(
        brute_ap(labels, scores), abs=1e-12)


def test_constant_scores_and_one_class():
    labels = np.array([1, 0, 0, 1, 0], bool)
    flat = np.full(5, 0.3, np.float32)
    assert roc_auc(labels, flat) == 0.5
    assert average_precision(labels, flat) == pytest.approx(0.4)
    assert np.isnan(roc_auc(np.ones(3, bool), np.arange(3.)))
    assert np.isnan(average_precision(np.zeros(3, bool), np.arange(3.)))


def make_samples(root, seed=0):
    """Model outputs for the tiny validation images: integer logit gaps
    (many ties), argmax predictions (vessel also outside the FOV), and
    labels with ignored pixels inside and outside the FOV."""
    rng = np.random.default_rng(seed)
    samples, truth = [], []
    for name in ('01', '02'):
        img_path = osp.join(root, 'images', 'validation', f'{name}.png')
        gap = rng.integers(-3, 4, (24, 20))  # vessel logit - background
        label = (rng.random((24, 20)) < 0.2).astype(np.int64)
        label[rng.random((24, 20)) < 0.05] = 255
        logits = torch.stack([torch.zeros(24, 20),
                              torch.from_numpy(gap * 0.5).float()])
        pred = logits.argmax(0)
        samples.append(dict(
            img_path=img_path,
            seg_logits=dict(data=logits),
            pred_sem_seg=dict(data=pred[None]),
            gt_sem_seg=dict(data=torch.from_numpy(label)[None])))
        fov = np.array(Image.open(fov_mask_path(img_path))) == 1
        truth.append((gap, pred.numpy() == 1, label, fov))
    return samples, truth


def run_metric(samples, **kwargs):
    metric = METRICS.build(dict(type='VesselMetric', **kwargs))
    metric.dataset_meta = dict(classes=('background', 'vessel'))
    metric.process({}, samples)
    return metric.evaluate(len(samples))


def test_metric_matches_brute_force(tmp_path):
    root = make_tiny_drive(tmp_path / 'DRIVE')
    samples, truth = make_samples(root)
    got = run_metric(samples)
    assert set(got) == {'vessel/Dice', 'vessel/Dice_FOV', 'vessel/AUC_ROC',
                        'vessel/AUC_PR'}
    gap = np.concatenate([t[0].ravel() for t in truth])
    pred = np.concatenate([t[1].ravel() for t in truth])
    label = np.concatenate([t[2].ravel() for t in truth])
    fov = np.concatenate([t[3].ravel() for t in truth])
    valid = label != 255
    gt = label == 1
    inside = valid & fov
    assert (pred & ~fov).any() and (~valid & fov).any()
    dice = brute_dice(pred, gt, valid)
    dice_fov = brute_dice(pred, gt, inside)
    assert abs(dice - dice_fov) > 1  # the outside adds false positives
    assert got['vessel/Dice'] == round(dice, 2)
    assert got['vessel/Dice_FOV'] == round(dice_fov, 2)
    # probabilities rank as the integer logit gaps: ties stay ties
    assert got['vessel/AUC_ROC'] == pytest.approx(
        brute_auc(gt[inside], gap[inside]), abs=1e-12)
    assert got['vessel/AUC_PR'] == pytest.approx(
        brute_ap(gt[inside], gap[inside]), abs=1e-12)


def test_frame_dice_is_iou_metric_vessel_dice(tmp_path):
    root = make_tiny_drive(tmp_path / 'DRIVE')
    samples, _ = make_samples(root, seed=3)
    iou = METRICS.build(dict(type='IoUMetric', iou_metrics=['mDice']))
    iou.dataset_meta = dict(classes=('background', 'vessel'))
    iou.process({}, samples)
    inter, _, pred, label = (sum(r[k] for r in iou.results)
                             for k in range(4))
    vessel_dice = float(2 * inter[1] / (pred[1] + label[1]) * 100)
    assert run_metric(samples)['vessel/Dice'] == round(vessel_dice, 2)


def test_one_channel_logits_use_the_sigmoid(tmp_path):
    root = make_tiny_drive(tmp_path / 'DRIVE')
    samples, truth = make_samples(root)
    for s, t in zip(samples, truth):
        s['seg_logits'] = dict(data=torch.from_numpy(t[0] * 0.5).float()[
            None])
    two = run_metric(make_samples(root)[0])
    one = run_metric(samples)
    for key in ('vessel/AUC_ROC', 'vessel/AUC_PR'):
        assert one[key] == pytest.approx(two[key], abs=1e-12)


def test_missing_mask_and_size_mismatch_are_named(tmp_path):
    root = make_tiny_drive(tmp_path / 'DRIVE')
    samples, _ = make_samples(root)
    samples[1]['seg_logits']['data'] = samples[1]['seg_logits']['data'][
        :, :12]
    with pytest.raises(ValueError, match=r"sizes differ for '.*02\.png': "
                       r'FOV mask 24x20, label 24x20, prediction 24x20, '
                       r'logits 12x20'):
        run_metric(samples)
    samples, _ = make_samples(root)
    want = fov_mask_path(samples[0]['img_path'])
    os.remove(want)
    with pytest.raises(FileNotFoundError, match=re.escape(repr(want))):
        run_metric(samples)


def test_drive_config_builds():
    cfg = Config.fromfile(DRIVE_CFG)
    assert 'SyncBN' not in cfg.pretty_text
    model = MODELS.build(cfg.model)
    assert not any(isinstance(m, torch.nn.SyncBatchNorm)
                   for m in model.modules())
    assert any(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules())
    assert cfg.model.test_cfg.mode == 'slide'
    assert tuple(cfg.model.test_cfg.crop_size) == (64, 64)
    for loader in (cfg.train_dataloader.dataset.dataset,
                   cfg.val_dataloader.dataset, cfg.test_dataloader.dataset):
        assert loader.type == 'DRIVEDataset'
        assert loader.data_root == 'data/DRIVE'
        assert DATASETS.get(loader.type) is not None
    for evaluator in (cfg.val_evaluator, cfg.test_evaluator):
        assert [m['type'] for m in evaluator] == ['IoUMetric',
                                                  'VesselMetric']
        assert evaluator[0]['iou_metrics'] == ['mDice']
        for m in evaluator:
            METRICS.build(m)


def tiny_drive_options(root, work_dir):
    """--cfg-options that shrink the DRIVE config to the tiny folder."""
    train = 'train_dataloader.dataset'
    opts = ['--work-dir', work_dir, '--cfg-options',
            f'{train}.times=2', f'{train}.dataset.data_root={root}',
            f'{train}.dataset.pipeline.2.scale=(48,40)',
            f'{train}.dataset.pipeline.3.crop_size=(16,16)',
            'train_dataloader.batch_size=2',
            'model.data_preprocessor.size=(16,16)',
            'model.test_cfg.crop_size=(16,16)',
            'model.test_cfg.stride=(11,11)',
            'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2',
            'default_hooks.logger.interval=1']
    for loader in ('train', 'val', 'test'):
        opts += [f'{loader}_dataloader.num_workers=0',
                 f'{loader}_dataloader.persistent_workers=False']
    for loader in ('val', 'test'):
        opts += [f'{loader}_dataloader.dataset.data_root={root}',
                 f'{loader}_dataloader.dataset.pipeline.1.scale=(48,40)']
    return opts


KEYS = ('mDice', 'vessel/Dice', 'vessel/Dice_FOV', 'vessel/AUC_ROC',
        'vessel/AUC_PR')


@pytest.mark.slow
def test_drive_config_trains_and_tests_end_to_end(tmp_path):
    root = make_tiny_drive(tmp_path / 'DRIVE')
    work_dir = str(tmp_path / 'run')
    opts = tiny_drive_options(root, work_dir)
    proc = run_tool('tools/train.py', DRIVE_CFG, *opts)
    log = proc.stdout + proc.stderr
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    assert 'Iter(val) [2/2]' in log
    for key in KEYS:
        assert re.search(rf'{re.escape(key)}: \d', log), key
    proc = run_tool('tools/test.py', DRIVE_CFG,
                    osp.join(work_dir, 'iter_2.pth'), *opts)
    log = proc.stdout + proc.stderr
    assert 'Iter(test) [2/2]' in log
    values = {key: float(re.search(rf'{re.escape(key)}: ([\d.]+)',
                                   log).group(1)) for key in KEYS}
    assert 0 <= values['vessel/Dice'] <= 100
    assert 0 <= values['vessel/AUC_ROC'] <= 1
    assert 0 <= values['vessel/AUC_PR'] <= 1
