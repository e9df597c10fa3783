"""Write a labelled-subset split file for semi-supervised benchmarks.

    python tools/dataset_converters/make_labeled_split.py CONFIG \
        --fraction 0.125 --seed 0 --out splits/camvid_1-8_seed0.txt

Draws the same seeded subset as ``SemiSupervisedSegDataset(
labeled_fraction=F, seed=S)`` from the config's training set and writes
its names in mmseg's ``ann_file`` format (relative to ``img_dir``, without
the image suffix). Use the file as ``labeled_split`` of the
semi-supervised config and as ``ann_file`` of the labelled-only baseline,
so both train on exactly the same labelled images.
"""
import argparse
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_gan  # noqa: F401
from mmseg_gan.utils import (
    ConfigCheckError,
    atomic_write,
    check_data_roots,
    cli_errors,
)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Write the names of a seeded labelled subset')
    parser.add_argument('config', help='a training config')
    parser.add_argument('--fraction', type=float, required=True,
                        help='share of the training images kept labelled')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', required=True, help='split file to write')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def main():
    args = parse_args()
    if not osp.isfile(args.config):
        raise ConfigCheckError(f'config {args.config!r} does not exist')
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    check_data_roots(cfg, mode='train')
    dataset = cfg.train_dataloader.dataset
    while 'labeled' in dataset or 'real' in dataset:  # unwrap wrappers
        dataset = dataset.get('labeled') or dataset.get('real')
    semi = DATASETS.build(
        dict(type='SemiSupervisedSegDataset', labeled=dataset,
             labeled_fraction=args.fraction, seed=args.seed))
    inner = semi.labeled
    img_root = inner.data_prefix['img_path']
    names = []
    for i in semi.labeled_indices:
        rel = osp.relpath(inner.get_data_info(int(i))['img_path'], img_root)
        names.append(rel[:-len(inner.img_suffix)]
                     if rel.endswith(inner.img_suffix) else rel)
    atomic_write(args.out,
                 lambda tmp: open(tmp, 'w').write('\n'.join(names) + '\n'))
    print(f'{len(names)} of {len(inner)} training images labelled '
          f'(fraction {args.fraction}, seed {args.seed}) -> {args.out}')


if __name__ == '__main__':
    with cli_errors():
        main()
