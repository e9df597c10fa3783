"""FID between generated and real images, through mmagic's Inception."""
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmseg.registry import METRICS

from ...utils.mmagic_import import import_mmagic


@METRICS.register_module()
class SynthesisFID(BaseMetric):
    """Fréchet Inception Distance of generated vs. real validation images.

    Uses mmagic's loader for the StyleGAN-style TorchScript Inception
    (``inception-2015-12-05.pt``) and mmagic's FID formula. The weights must
    be a local file: there is no download at run time. Real features come
    from the same validation batches that the fake images were generated
    from, so no separate feature cache is needed.

    Args:
        inception_path: Local TorchScript Inception file.
        collect_device: mmengine result collection device.
        prefix: Metric prefix. Defaults to ``'FID'``.
    """
    default_prefix = 'FID'

    def __init__(self,
                 inception_path: str,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not osp.isfile(inception_path):
            raise FileNotFoundError(
                f'SynthesisFID: Inception weights {inception_path!r} not '
                'found. FID needs the StyleGAN-style TorchScript Inception '
                '(inception-2015-12-05.pt, as used by mmagic) as a local '
                'file; weights are never downloaded at run time. Put the '
                'file there or remove SynthesisFID from the evaluator.')
        load_inception = import_mmagic(
            'mmagic.evaluation.functional.inception_utils').load_inception
        model, style = load_inception(
            dict(type='StyleGAN', inception_path=inception_path), 'FID')
        if style != 'StyleGAN':
            raise RuntimeError(
                f'SynthesisFID: {inception_path!r} is not a TorchScript '
                'Inception that mmagic can load')
        self.inception = model.eval()

    @torch.no_grad()
    def _features(self, rgb_uint8: torch.Tensor) -> np.ndarray:
        device = next(iter(self.inception.parameters()), torch.empty(0)).device
        feats = self.inception(rgb_uint8.to(device), return_features=True)
        return feats.view(rgb_uint8.shape[0], -1).cpu().numpy()

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Extract Inception features of the real and the generated images."""
        fake = torch.stack([
            s['fake_img']['data'].round().clamp(0, 255).byte()
            for s in data_samples
        ])
        real = torch.stack([img.flip(0) for img in data_batch['inputs']
                            ]).byte()  # loaded BGR -> RGB
        self.results.append((self._features(real), self._features(fake)))

    def compute_metrics(self, results: List[tuple]) -> dict:
        """FID from the accumulated features."""
        FrechetInceptionDistance = import_mmagic(
            'mmagic.evaluation.metrics.fid').FrechetInceptionDistance
        real = np.concatenate([r for r, _ in results])
        fake = np.concatenate([f for _, f in results])
        fid, mean_term, cov_term = FrechetInceptionDistance._calc_fid(
            fake.mean(0), np.cov(fake, rowvar=False), real.mean(0),
            np.cov(real, rowvar=False))
        return dict(fid=fid, mean=mean_term, cov=cov_term)
