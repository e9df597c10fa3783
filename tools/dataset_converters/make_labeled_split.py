"""Write a labelled-subset split file for semi-supervised benchmarks.

    python tools/dataset_converters/make_labeled_split.py CONFIG \
        --fraction 0.125 --seed 0 --out splits/camvid_1-8_seed0.txt

Draws the same seeded subset as ``SemiSupervisedSegDataset(
labeled_fraction=F, seed=S)`` from the config's training set and writes
its names in mmseg's ``ann_file`` format (relative to ``img_dir``, without
the image suffix).

``--stretch`` draws contiguous stretches of video instead of scattered
frames: the names are grouped into sequences by their sub-folder
(Cityscapes cities) or, in a flat folder, by the part before their last
``_`` (CamVid ``0016E5_07920`` -> ``0016E5``), and each sequence keeps one run
of consecutive frames, ``round(F * len(sequence))`` long, at a seeded
offset. Scattered frames of a video are near-duplicates of their
neighbours, so a scattered 1/8 covers almost every scene; stretches do not.

Use the file as ``labeled_split`` of the semi-supervised config and as
``ann_file`` of the labelled-only baseline, so both train on exactly the
same labelled images.
"""
import argparse
import os.path as osp
from collections import defaultdict
from typing import List

import numpy as np
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_gan  # noqa: F401
from mmseg_gan.datasets.wrapper_utils import build_inner_dataset
from mmseg_gan.utils import (
    ConfigCheckError,
    add_debug_arg,
    atomic_write,
    check_data_roots,
    cli_errors,
)


def video_stretches(names: List[str], fraction: float,
                    seed: int) -> List[str]:
    """One seeded run of consecutive frames per video sequence.

    Args:
        names: Frame names, ``<sequence>/<frame>`` or
            ``<sequence>_<frame>``.
        fraction: Share of each sequence to keep.
        seed: Seed of the runs' offsets.

    Returns:
        list[str]: The kept names, sorted.
    """
    sequences = defaultdict(list)
    for name in names:  # Cityscapes: city folders; CamVid: name prefixes
        seq = name.split('/')[0] if '/' in name else name.rsplit('_', 1)[0]
        sequences[seq].append(name)
    rng = np.random.default_rng(seed)
    kept = []
    for seq in sorted(sequences):
        frames = sorted(sequences[seq])
        length = max(1, int(round(fraction * len(frames))))
        start = int(rng.integers(0, len(frames) - length + 1))
        kept += frames[start:start + length]
    return sorted(kept)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Write the names of a seeded labelled subset')
    parser.add_argument('config', help='a training config')
    parser.add_argument('--fraction', type=float, required=True,
                        help='share of the training images kept labelled')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--stretch', action='store_true',
                        help='one contiguous run of frames per video '
                        'sequence instead of scattered frames')
    parser.add_argument('--out', required=True, help='split file to write')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    add_debug_arg(parser)
    return parser.parse_args()


def main():
    args = parse_args()
    if not 0 < args.fraction < 1:
        raise ConfigCheckError(
            f'--fraction must be in (0, 1), got {args.fraction}')
    if not osp.isfile(args.config):
        raise ConfigCheckError(f'config {args.config!r} does not exist')
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    cfg.val_cfg = None  # only the training set is read
    check_data_roots(cfg, mode='train')
    dataset = cfg.train_dataloader.dataset
    # unwrap wrappers (semi-supervised, GAN-aug, held-out, RepeatDataset)
    keys = ('labeled', 'real', 'train', 'dataset')
    while any(k in dataset for k in keys):
        dataset = next(dataset[k] for k in keys if k in dataset)
    inner = build_inner_dataset(dataset)
    inner.full_init()
    img_root = inner.data_prefix['img_path']
    names = []
    for i in range(len(inner)):
        rel = osp.relpath(inner.get_data_info(i)['img_path'], img_root)
        names.append(rel[:-len(inner.img_suffix)]
                     if rel.endswith(inner.img_suffix) else rel)
    if args.stretch:
        names = video_stretches(names, args.fraction, args.seed)
    else:  # the wrapper's own draw (it logs the labelled/unlabelled split)
        semi = DATASETS.build(
            dict(type='SemiSupervisedSegDataset', labeled=inner,
                 labeled_fraction=args.fraction, seed=args.seed))
        names = [names[int(i)] for i in semi.labeled_indices]
    atomic_write(args.out,
                 lambda tmp: open(tmp, 'w').write('\n'.join(names) + '\n'))
    kind = 'video stretches' if args.stretch else 'scattered frames'
    print(f'{len(names)} of {len(inner)} training images labelled '
          f'({kind}, fraction {args.fraction}, seed {args.seed}) '
          f'-> {args.out}')


if __name__ == '__main__':
    with cli_errors():
        main()
