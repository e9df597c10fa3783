import json
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import DEMO_SEG_CFG, run_tool
from mmengine.structures import PixelData
from mmseg.registry import METRICS


@pytest.mark.slow
def test_segmentation_score_through_test_tool(demo_root, demo_unet,
                                              demo_spade, tmp_path):
    """tools/test.py scores a GAN checkpoint with the demo UNet."""
    unet_dir, _ = demo_unet
    cfg, ckpt = demo_spade
    work_dir = tmp_path / 'test'
    proc = run_tool(
        'tools/test.py', cfg, ckpt, '--work-dir', str(work_dir),
        '--cfg-options', f'test_dataloader.dataset.data_root={demo_root}',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        f'test_evaluator.segmentor_config={DEMO_SEG_CFG}',
        'test_evaluator.segmentor_checkpoint=' +
        osp.join(unet_dir, 'iter_4.pth'))
    log = proc.stdout + proc.stderr
    for key in ('seg_score/mIoU', 'seg_score/real_mIoU', 'seg_score/ratio'):
        assert key in log, key
    results = list(work_dir.glob('*/*.json'))
    assert len(results) == 1, results
    metrics = json.loads(results[0].read_text())
    fake, real = metrics['seg_score/mIoU'], metrics['seg_score/real_mIoU']
    assert 0.0 <= fake <= 100.0 and 0.0 < real <= 100.0
    # the ratio is that of the two scores (rounded to 4 decimals)
    assert metrics['seg_score/ratio'] == pytest.approx(
        round(fake / real, 4), abs=1e-6)


def test_segmentation_score_missing_checkpoint_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        METRICS.build(
            dict(type='SegmentationScore', segmentor_config=DEMO_SEG_CFG,
                 segmentor_checkpoint=str(tmp_path / 'nope.pth')))


def test_fid_without_weights_says_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        METRICS.build(
            dict(type='SynthesisFID',
                 inception_path=str(tmp_path / 'inception.pt')))
    assert 'inception.pt' in str(err.value)
    assert 'never downloaded' in str(err.value)


class _TinyInception(torch.nn.Module):
    """Stand-in weights in the TorchScript interface mmagic loads."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.conv = torch.nn.Conv2d(3, 16, 3, stride=2)

    def forward(self, x: torch.Tensor,
                return_features: bool = False) -> torch.Tensor:
        feats = torch.relu(self.conv(x.float() / 255.0))
        return feats.mean(dim=(2, 3))


def _fid_batch(real_bgr, fake_rgb):
    samples = [dict(fake_img=PixelData(data=f).to_dict()) for f in fake_rgb]
    return dict(inputs=list(real_bgr)), samples


def test_fid_through_mmagic_loader(tmp_path):
    path = str(tmp_path / 'tiny_inception.pt')
    torch.jit.script(_TinyInception()).save(path)
    metric = METRICS.build(dict(type='SynthesisFID', inception_path=path))
    rng = np.random.default_rng(0)
    real_bgr = torch.from_numpy(
        rng.integers(0, 256, (24, 3, 32, 32), dtype=np.uint8))
    same_rgb = real_bgr.flip(1).float()  # the real images, as RGB
    noise_rgb = torch.from_numpy(
        rng.integers(0, 64, (24, 3, 32, 32), dtype=np.uint8)).float()

    metric.process(*_fid_batch(real_bgr, same_rgb))
    same = metric.compute_metrics(metric.results)['fid']
    metric.results.clear()
    metric.process(*_fid_batch(real_bgr, noise_rgb))
    other = metric.compute_metrics(metric.results)['fid']
    assert abs(same) < 1e-3 < other
