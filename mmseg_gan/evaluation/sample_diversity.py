"""How different a synthesizer's renderings of one label map are."""
from itertools import combinations
from typing import Sequence

import numpy as np
import torch


def _render(model, label: np.ndarray, seeds: Sequence[int]) -> torch.Tensor:
    labels = torch.from_numpy(np.stack([label] * len(seeds)).astype(np.int64))
    out = model.render(labels, noise=model.make_noise(seeds), seed=seeds[0])
    return out['img'].float() / 255


def sample_diversity(model: torch.nn.Module,
                     labels: Sequence[np.ndarray],
                     num_samples: int = 4,
                     max_maps: int = 8,
                     seed: int = 0) -> dict:
    """Mean pairwise L1 between renderings of one label map, and a scale.

    Renders ``max_maps`` label maps spread evenly over ``labels`` (not the
    first ones: neighbouring video frames look alike) ``num_samples``
    times each, with independent seeded noise. ``within`` is the mean
    absolute pixel difference (images in [0, 1]) between renderings of the
    same map: 0 means the noise is ignored (mode collapse, or a generator
    whose only randomness is switched off at inference). ``across`` is the
    same between renderings of different maps, the scale to read
    ``within`` against; ``ratio = within / across``.

    Args:
        model: A conditional :class:`SemanticSynthesisGAN` in eval mode.
        labels: Label maps at the generator's resolution.
        num_samples: Renderings per label map (>= 2).
        max_maps: Label maps used (>= 2).
        seed: Base seed of the noise.

    Returns:
        dict: ``within``, ``across``, ``ratio``, ``maps``, ``samples``.
    """
    if num_samples < 2 or max_maps < 2 or len(labels) < 2:
        raise ValueError(
            'sample_diversity needs >= 2 samples and >= 2 label maps, got '
            f'num_samples={num_samples}, max_maps={max_maps}, '
            f'{len(labels)} label maps')
    picks = np.unique(np.linspace(0, len(labels) - 1,
                                  min(max_maps, len(labels))).round())
    maps = [labels[int(i)] for i in picks]
    renders = [
        _render(model, lbl,
                [seed * 1_000_003 + m * num_samples + k
                 for k in range(num_samples)])
        for m, lbl in enumerate(maps)
    ]
    within = np.mean([(r[a] - r[b]).abs().mean().item() for r in renders
                      for a, b in combinations(range(num_samples), 2)])
    across = np.mean([(renders[a][0] - renders[b][0]).abs().mean().item()
                      for a, b in combinations(range(len(maps)), 2)])
    return dict(within=float(within), across=float(across),
                ratio=float(within / across) if across > 0 else 0.0,
                maps=len(maps), samples=num_samples)
