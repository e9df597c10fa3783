"""Renderings of the same label maps with different noise, per synthesizer.

    python tools/benchmarks/noise_grid.py OUT.png \
        pix2pix=CONFIG.py:CHECKPOINT.pth pix2pix-ms=CONFIG.py:CHECKPOINT.pth \
        [--label-source val] [--maps 2] [--samples 4] [--seed 0] \
        [--cfg-options KEY=VALUE ...]

One row per (label map, synthesizer): the coloured label map (named), then
``--samples`` renderings with the seeded noise of ``sample_diversity``.
"""
import argparse
import os.path as osp

import cv2
import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmseg.registry import DATASETS

from mmseg_gan.apis import load_label_source, load_synthesizer
from mmseg_gan.utils import atomic_write, colorize_labels


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='PNG to write')
    parser.add_argument('synthesizers', nargs='+',
                        help='NAME=CONFIG:CHECKPOINT, one per row group')
    parser.add_argument('--label-source', default='val',
                        help="'train', 'val' or a folder of label PNGs")
    parser.add_argument('--maps', type=int, default=2)
    parser.add_argument('--samples', type=int, default=4)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='overrides applied to every config')
    return parser.parse_args()


def load_config(path, options):
    cfg = Config.fromfile(path)
    if options:
        cfg.merge_from_dict(options)
    return cfg


def main():
    args = parse_args()
    models = []
    for spec in args.synthesizers:
        name, sep, paths = spec.partition('=')
        config, sep2, checkpoint = paths.partition(':')
        if not (sep and sep2 and name):
            raise SystemExit(f'{spec!r}: expected NAME=CONFIG:CHECKPOINT')
        cfg = load_config(config, args.cfg_options)
        models.append((name, load_synthesizer(cfg, checkpoint)))
    cfg = load_config(args.synthesizers[0].partition('=')[2].partition(':')[0],
                      args.cfg_options)  # the label maps come from the first
    labels, _ = load_label_source(cfg, args.label_source)
    palette = DATASETS.get(
        cfg.train_dataloader.dataset.type).METAINFO.get('palette')
    picks = np.linspace(0, len(labels) - 1, args.maps).round().astype(int)
    rows = []
    for m in picks:
        label = torch.from_numpy(
            np.stack([labels[m]] * args.samples).astype(np.int64))
        for name, model in models:
            seeds = [args.seed * 1_000_003 + int(m) * args.samples + k
                     for k in range(args.samples)]
            out = model.render(label, noise=model.make_noise(seeds),
                               seed=seeds[0])
            imgs = out['img'].permute(0, 2, 3, 1).numpy()  # BGR uint8
            color = colorize_labels(labels[m], palette)[..., ::-1].copy()
            cv2.putText(color, name, (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                        (255, 255, 255), 1, cv2.LINE_AA)
            rows.append(np.concatenate([color, *imgs], axis=1))
    grid = np.concatenate(rows, axis=0)
    atomic_write(args.out, lambda tmp: cv2.imwrite(tmp, grid))
    print(f'{osp.abspath(args.out)}: {len(picks)} label maps x '
          f'{len(models)} synthesizers x {args.samples} samples')


if __name__ == '__main__':
    main()
