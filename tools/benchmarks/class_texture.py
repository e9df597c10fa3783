"""Per-class colour and texture of real and synthetic images, side by side.

    python tools/benchmarks/class_texture.py SEG_CONFIG \
        pix2pix=work_dirs/.../synthetic-pix2pix-noaug-low \
        [--split work_dirs/.../splits/low.txt] [--classes Road Pavement Tree] \
        [--size 192 144] [--json OUT.json] [--png OUT.png --png-maps 4]

The real images are the training set of ``SEG_CONFIG`` (``--split``
replaces its ``ann_file``); every synthetic folder is one written by
``tools/synthesize.py``. All images are resized to ``--size`` (the
synthesizers' resolution), so that texture is compared at one scale. Per
class, over its pixels away from class borders (the class mask eroded by
2 pixels):

- ``rgb``: the mean colour;
- ``spread``: the standard deviation of its pixels' colours (mean over
  the channels): how varied the class looks (cars of every colour, or
  all one grey);
- ``texture``: the mean absolute Laplacian of the grey image, i.e. how much
  fine detail the class has (a blurred rendering scores low);
- ``nearest``: the class whose mean colour is closest, and that distance
  (classes a segmentor has to tell apart by colour alone).

``--png`` draws, for ``--png-maps`` label maps, the real image, one
rendering of its map per synthetic folder rendered from real layouts (no
label augmentation; the others are left out), and the map.
"""
import argparse
import os.path as osp

import cv2
import numpy as np
from mmengine.config import Config
from mmseg.registry import DATASETS
from mmseg.utils import register_all_modules

from mmseg_gan.datasets import SyntheticSegDataset, read_manifest
from mmseg_gan.utils import atomic_write, atomic_write_json, colorize_labels


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='segmentor config (its train set is '
                        'the real images)')
    parser.add_argument('synthetic', nargs='*',
                        help='NAME=FOLDER of tools/synthesize.py output')
    parser.add_argument('--split', help="ann_file of the real train set")
    parser.add_argument('--classes', nargs='+',
                        help='class names to report (default: all)')
    parser.add_argument('--size', type=int, nargs=2, default=(192, 144),
                        metavar=('W', 'H'))
    parser.add_argument('--json', help='also write the numbers here')
    parser.add_argument('--png', help='real | synthetic | map picture')
    parser.add_argument('--png-maps', type=int, default=4)
    return parser.parse_intermixed_args()


def real_pairs(config, split):
    """(image path, label path) of the config's training set."""
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(config)
    ds_cfg = cfg.train_dataloader.dataset
    while 'dataset' in ds_cfg:  # unwrap dataset wrappers
        ds_cfg = ds_cfg.dataset
    ds_cfg = dict(ds_cfg, pipeline=[], lazy_init=False)
    if split:
        ds_cfg['ann_file'] = osp.abspath(split)
    ds = DATASETS.build(ds_cfg)
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    return [(d['img_path'], d['seg_map_path']) for d in infos], \
        list(ds.metainfo['classes'])


def synthetic_pairs(folder):
    """(image path, label path) of a synthesized folder, and its classes
    (read by :class:`SyntheticSegDataset`, which checks every file)."""
    ds = SyntheticSegDataset(data_root=folder, pipeline=[], lazy_init=False)
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    return [(d['img_path'], d['seg_map_path']) for d in infos], \
        list(ds.metainfo['classes'])


def side_by_side(real, folders, num_maps, size, palette):
    """Rows of: real image, one rendering per folder, the label map.

    The maps are taken evenly from the first folder's sources (its label
    maps by file name); every folder must hold renderings of real layouts.
    """
    by_name = {osp.splitext(osp.basename(s))[0]: (i, s) for i, s in real}
    renders = []
    for folder in folders:
        manifest = read_manifest(folder)
        if manifest.get('label_augment'):
            continue  # new layouts: no real image to compare with
        first = {}
        for pair_id, source in sorted(manifest['sources'].items()):
            first.setdefault(osp.splitext(source)[0], pair_id)
        renders.append((folder, first))
    if not renders:
        raise SystemExit('--png: every synthetic folder was rendered with '
                         'label augmentation; its maps have no real image')
    names = [n for n in renders[0][1] if n in by_name]
    if not names:
        raise SystemExit('--png: no source of the first folder is a real '
                         'training image')
    picks = [names[int(k)] for k in np.linspace(
        0, len(names) - 1, min(num_maps, len(names)))]
    rows = []
    for name in picks:
        img_path, seg_path = by_name[name]
        cells = [cv2.resize(cv2.imread(img_path), tuple(size),
                            interpolation=cv2.INTER_AREA)]
        for folder, first in renders:
            pair = osp.join(folder, 'img_dir', 'train',
                            f'{first[name]}.png') if name in first else None
            cells.append(cv2.resize(cv2.imread(pair), tuple(size))
                         if pair else np.zeros_like(cells[0]))
        seg = cv2.resize(cv2.imread(seg_path, cv2.IMREAD_UNCHANGED),
                         tuple(size), interpolation=cv2.INTER_NEAREST)
        cells.append(colorize_labels(seg, palette)[..., ::-1])
        rows.append(np.concatenate(cells, axis=1))
    return np.concatenate(rows, axis=0)


def class_stats(pairs, num_classes, size):
    """Per class: pixel count, summed RGB and RGB², summed |Laplacian|."""
    count = np.zeros(num_classes)
    rgb = np.zeros((num_classes, 3))
    rgb2 = np.zeros((num_classes, 3))
    lap = np.zeros(num_classes)
    kernel = np.ones((3, 3), np.uint8)
    for img_path, seg_path in pairs:
        img = cv2.imread(img_path, cv2.IMREAD_COLOR)
        seg = cv2.imread(seg_path, cv2.IMREAD_UNCHANGED)
        if img is None or seg is None:
            raise SystemExit(f'cannot read {img_path} or {seg_path}')
        img = cv2.resize(img, tuple(size), interpolation=cv2.INTER_AREA)
        seg = cv2.resize(seg, tuple(size), interpolation=cv2.INTER_NEAREST)
        grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)
        edges = np.abs(cv2.Laplacian(grey, cv2.CV_32F, ksize=3))
        for c in np.unique(seg):
            if c >= num_classes:
                continue
            mask = cv2.erode((seg == c).astype(np.uint8), kernel,
                             iterations=2).astype(bool)
            n = mask.sum()
            if n == 0:
                continue
            count[c] += n
            pix = img[mask][:, ::-1].astype(np.float64)  # BGR -> RGB
            rgb[c] += pix.sum(0)
            rgb2[c] += (pix**2).sum(0)
            lap[c] += edges[mask].sum()
    return count, rgb, rgb2, lap


def summarize(count, rgb, rgb2, lap, classes):
    seen = count > 0
    n = np.maximum(count, 1)[:, None]
    mean = np.where(seen[:, None], rgb / n, np.nan)
    spread = np.sqrt(np.maximum(rgb2 / n - (rgb / n)**2, 0)).mean(1)
    out = {}
    for c, name in enumerate(classes):
        if not seen[c]:
            continue
        dist = np.linalg.norm(mean - mean[c], axis=1)
        dist[c] = np.inf
        dist[~seen] = np.inf
        near = int(np.argmin(dist))
        out[name] = dict(
            pixels=int(count[c]), rgb=[round(float(v), 1) for v in mean[c]],
            spread=round(float(spread[c]), 1),
            texture=round(float(lap[c] / count[c]), 2),
            nearest=classes[near] if np.isfinite(dist[near]) else None,
            nearest_dist=round(float(dist[near]), 1)
            if np.isfinite(dist[near]) else None)
    return out


def main():
    args = parse_args()
    if args.png and not args.synthetic:
        raise SystemExit('--png needs a synthetic folder')
    real, classes = real_pairs(args.config, args.split)
    report = args.classes or classes
    unknown = set(report) - set(classes)
    if unknown:
        raise SystemExit(f'--classes: unknown {sorted(unknown)}; the '
                         f'classes are {classes}')
    sets = {'real': real}
    for spec in args.synthetic:
        name, sep, folder = spec.partition('=')
        if not sep or not name:
            raise SystemExit(f'{spec!r}: expected NAME=FOLDER')
        pairs, syn_classes = synthetic_pairs(folder)
        if syn_classes != classes:
            raise SystemExit(f'{folder}: classes {syn_classes} differ from '
                             f'the config\'s {classes}')
        sets[name] = pairs
    results = {}
    for name, pairs in sets.items():
        print(f'{name}: {len(pairs)} images')
        results[name] = summarize(
            *class_stats(pairs, len(classes), args.size), classes)
    names = list(results)
    print('| class | ' + ' | '.join(
        f'{n} texture | {n} rgb | {n} spread | {n} nearest colour'
        for n in names) + ' |')
    print('|---|' + '---|---|---|---|' * len(names))
    for cls in report:
        cells = []
        for n in names:
            s = results[n].get(cls)
            cells += ['-'] * 4 if s is None else [
                f"{s['texture']:.1f}", '/'.join(f'{v:.0f}' for v in s['rgb']),
                f"{s['spread']:.1f}",
                f"{s['nearest']} ({s['nearest_dist']:.0f})"]
        print(f'| {cls} | ' + ' | '.join(cells) + ' |')
    if args.json:
        atomic_write_json(args.json, results)
    if args.png:
        folders = [s.partition('=')[2] for s in args.synthetic]
        grid = side_by_side(real, folders, args.png_maps, args.size,
                            read_manifest(folders[0])['palette'])
        atomic_write(args.png, lambda tmp: cv2.imwrite(tmp, grid))
        print(f'picture: {args.png} (columns: real, the renderings of real '
              'layouts, label map)')


if __name__ == '__main__':
    main()
