"""Sample grids of the synthesis GAN during training."""
import os
import os.path as osp
from typing import Optional

import mmcv
import numpy as np
import torch
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from ...utils import colorize_labels, unwrap


@HOOKS.register_module()
class SynthesisVisualizationHook(Hook):
    """Every ``interval`` iterations, render a fixed batch of label maps.

    Each row of the grid is ``coloured label | real image | generated 1 ...
    generated num_samples`` (different noise per column, fixed across
    iterations so progress is comparable); an unconditional (joint) model
    shows each generated label map next to its image. The grid is written to
    ``{work_dir}/vis_synthesis/iter_{N}.png`` and given to the visualizer
    (``add_image``), i.e. to every configured backend (TensorBoard, ...).

    Args:
        interval: Iterations between grids. Defaults to 500.
        num_rows: Label maps per grid (the first training samples, kept
            from the first iterations). Defaults to 4.
        num_samples: Generated images per label map. Defaults to 3.
        seed: Seed of the fixed noise. Defaults to 0.
    """
    priority = 'LOW'

    def __init__(self,
                 interval: int = 500,
                 num_rows: int = 4,
                 num_samples: int = 3,
                 seed: int = 0) -> None:
        self.interval = interval
        self.num_rows = num_rows
        self.num_samples = num_samples
        self.seed = seed
        self._inputs: list = []
        self._samples: list = []

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        # Keep the first `num_rows` training samples as the fixed batch.
        if data_batch is None or len(self._inputs) >= self.num_rows:
            return
        take = self.num_rows - len(self._inputs)
        self._inputs += [x.clone() for x in data_batch['inputs'][:take]]
        self._samples += [
            s.clone() for s in data_batch['data_samples'][:take]
        ]

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if self.every_n_train_iters(runner, self.interval) or \
                self.is_last_train_iter(runner):
            self.render(runner)

    @torch.no_grad()
    def render(self, runner) -> np.ndarray:
        """Render, save and log one grid; returns it (``H, W, 3`` RGB)."""
        model = unwrap(runner.model)
        was_training = model.training
        model.eval()
        data = model.data_preprocessor(
            dict(inputs=self._inputs, data_samples=self._samples), False)
        inputs = data['inputs']
        palette = runner.train_dataloader.dataset.metainfo.get('palette')
        columns = [
            np.stack([colorize_labels(lbl, palette)
                      for lbl in inputs['label'].cpu().numpy()]),
            model.data_preprocessor.destruct(inputs['img']).permute(
                0, 2, 3, 1).cpu().numpy()
        ]
        n = inputs['img'].shape[0]
        for k in range(self.num_samples):
            out = model.render(
                inputs['label'] if model.conditional else None,
                noise=model.make_noise(
                    [self.seed * 1_000_003 + k * n + i for i in range(n)]),
                num_batches=n)
            if not model.conditional:  # show the generated label map too
                columns.append(np.stack([
                    colorize_labels(lbl, palette)
                    for lbl in out['label'].cpu().numpy()
                ]))
            columns.append(out['img'].flip(1).permute(0, 2, 3,
                                                      1).cpu().numpy())
        if was_training:
            model.train()
        rows = [np.concatenate([c[i] for c in columns], axis=1)
                for i in range(inputs['img'].shape[0])]
        grid = np.concatenate(rows, axis=0).clip(0, 255).astype(np.uint8)
        step = runner.iter + 1
        out_dir = osp.join(runner.work_dir, 'vis_synthesis')
        os.makedirs(out_dir, exist_ok=True)
        mmcv.imwrite(mmcv.rgb2bgr(grid), osp.join(out_dir,
                                                   f'iter_{step}.png'))
        runner.visualizer.add_image('synthesis', grid, step=step)
        return grid
