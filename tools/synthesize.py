# Render a GAN-synthesized dataset (mmseg layout + manifest.json).
import argparse
import os
import os.path as osp

import torch
from mmengine.config import Config, DictAction

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.apis import (
    describe_label_reduction,
    label_reduction,
    load_label_source,
    load_synthesizer,
    make_loss_filter,
    sample_diversity,
    synthesize_dataset,
    write_preview,
)
from mmseg_gan.datasets import file_sha256
from mmseg_gan.datasets.synthetic_manifest import (
    check_or_clear_folder,
    json_normal,
)
from mmseg_gan.utils import (
    ConfigCheckError,
    add_debug_arg,
    check_file,
    cli_errors,
)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Synthesize (image, label) pairs with a trained '
        'label->image GAN. Rerunning the same command resumes.')
    parser.add_argument('config', help='the GAN training config')
    parser.add_argument('checkpoint', help='the GAN checkpoint')
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument(
        '--num', type=int,
        help='number of pairs (default: label maps x samples per label)')
    parser.add_argument(
        '--label-source', default='train',
        help="'train' / 'val' (the config's datasets) or a folder of "
        'label PNGs as the config\'s training dataset stores them (its '
        'reduce_zero_label / label_map apply, as for \'train\')')
    parser.add_argument('--samples-per-label', type=int, default=1)
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--label-augment', action='store_true',
        help='new layouts: flip, zoom/shift, paste rare-class instances')
    parser.add_argument(
        '--rare-classes', type=int, nargs='*', default=None,
        help='classes whose instances are pasted (default: the rarest '
        'third of the classes in the label source)')
    parser.add_argument(
        '--paste-prob', type=float, default=0.5,
        help='probability that a layout gets pasted rare-class instances')
    parser.add_argument(
        '--max-instances', type=int, default=3,
        help='most rare-class instances pasted into one layout')
    parser.add_argument(
        '--filter-config', help='reference segmentor config: filter '
        'unreliable synthetic pixels (FreeMask-style)')
    parser.add_argument('--filter-checkpoint')
    parser.add_argument(
        '--filter-tolerance', type=float, default=1.5,
        help='keep pixels whose loss <= tolerance x class-wise mean loss')
    parser.add_argument(
        '--preview', type=int, default=8,
        help='pairs shown in OUT/preview.png (image | label | blend); '
        '0: none')
    parser.add_argument(
        '--overwrite', action='store_true',
        help='replace what OUT holds when it was made with other settings '
        '(default: refuse, naming the settings that differ)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the GAN config (e.g. data_root)')
    add_debug_arg(parser)
    args = parser.parse_args()
    if not 0.0 <= args.paste_prob <= 1.0:
        parser.error(f'--paste-prob must be in [0, 1], got {args.paste_prob}')
    for name in ('num', 'samples_per_label', 'batch_size', 'max_instances'):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f'--{name.replace("_", "-")} must be >= 1, got '
                         f'{value}')
    if args.preview < 0:
        parser.error(f'--preview must be >= 0, got {args.preview}')
    if args.filter_config and not args.filter_checkpoint:
        parser.error('--filter-config needs --filter-checkpoint')
    return args


def check_output_dir(out: str) -> None:
    """Raise unless ``out`` is, or can be made, a writable folder."""
    path = osp.abspath(out)
    if osp.exists(path) and not osp.isdir(path):
        raise ConfigCheckError(f'--out {out!r} exists and is not a folder')
    while not osp.exists(path):
        path = osp.dirname(path)
    if not osp.isdir(path) or not os.access(path, os.W_OK | os.X_OK):
        raise ConfigCheckError(
            f'--out {out!r} cannot be created: {path!r} is not a writable '
            'folder')


def rarest_classes(labels, num_classes):
    import numpy as np
    counts = np.bincount(
        np.concatenate([lbl[lbl < num_classes].ravel() for lbl in labels]),
        minlength=num_classes)
    present = [c for c in np.argsort(counts) if counts[c] > 0]
    return [int(c) for c in present[:max(1, len(present) // 3)]]


def main():
    args = parse_args()
    for path, what in ((args.config, 'config'), (args.checkpoint,
                                                  'checkpoint')):
        check_file(path, what)
    if args.filter_config:
        check_file(args.filter_config, '--filter-config')
        check_file(args.filter_checkpoint, '--filter-checkpoint')
    check_output_dir(args.out)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    # the label maps first: a bad one is named before the model is loaded
    labels, names = load_label_source(cfg, args.label_source)
    reduction = label_reduction(cfg, args.label_source)
    print(f'label source {args.label_source}: {len(labels)} label maps, '
          f'loaded as the config\'s annotations '
          f'({describe_label_reduction(reduction)})')
    provenance = dict(
        generator_config=osp.abspath(args.config),
        generator_config_sha256=file_sha256(args.config),
        # what --cfg-options changed in it (e.g. the label maps' split)
        generator_cfg_options=args.cfg_options or None,
        generator_checkpoint=osp.abspath(args.checkpoint),
        generator_checkpoint_sha256=file_sha256(args.checkpoint),
        label_source=args.label_source,
        # what loading the label source did: the folder holds class
        # indices (SyntheticSegDataset never reduces them again)
        label_reduction=reduction,
        filter=dict(config=args.filter_config,
                    checkpoint=args.filter_checkpoint,
                    tolerance=args.filter_tolerance)
        if args.filter_config else None)
    if osp.isdir(args.out) and not args.overwrite:
        # the settings a folder records that need no model, compared
        # before it is loaded (synthesize_dataset compares them all)
        check_or_clear_folder(args.out, json_normal(dict(
            provenance, seed=args.seed,
            samples_per_label=args.samples_per_label,
            num=args.num if args.num is not None else
            len(labels) * args.samples_per_label,
            filtered=bool(args.filter_config))), overwrite=False,
            only_given=True)
    model = load_synthesizer(cfg, args.checkpoint, args.device)
    augment = None
    if args.label_augment:
        rare = args.rare_classes if args.rare_classes is not None else \
            rarest_classes(labels, model.num_classes)
        augment = dict(rare_classes=rare, paste_prob=args.paste_prob,
                       max_instances=args.max_instances)
        print(f'label augmentation on; rare classes pasted: {rare} (up to '
              f'{args.max_instances} instances, probability '
              f'{args.paste_prob})')
    filter_fn = None
    if args.filter_config:
        from mmseg.apis import init_model
        filter_fn = make_loss_filter(
            init_model(args.filter_config, args.filter_checkpoint,
                       device=args.device), args.filter_tolerance)
    train_ds = cfg.train_dataloader.dataset
    metainfo = load_dataset_metainfo(train_ds)
    manifest = synthesize_dataset(
        model, labels, names, args.out, num=args.num,
        samples_per_label=args.samples_per_label,
        batch_size=args.batch_size, seed=args.seed, label_augment=augment,
        filter_fn=filter_fn, metainfo=metainfo, provenance=provenance,
        overwrite=args.overwrite)
    print(f"{manifest['num']} pairs in {args.out} "
          f"(img_dir/train, ann_dir/train, manifest.json)")
    if model.conditional and len(labels) >= 2:
        div = sample_diversity(model, labels, seed=args.seed)
        print(f"sample diversity over {div['maps']} label maps x "
              f"{div['samples']} noises: L1 {div['within']:.4f} between "
              f"renderings of one map, {div['across']:.4f} between maps "
              f"(ratio {div['ratio']:.3f}; 0: the noise is ignored)")
    if args.preview > 0:
        print(f'preview: {write_preview(args.out, args.preview)}')


def load_dataset_metainfo(dataset_cfg):
    """classes / palette of the dataset the GAN was trained on."""
    from mmseg.registry import DATASETS
    cfg = dict(dataset_cfg.to_dict(), pipeline=[], lazy_init=True)
    return DATASETS.build(cfg).metainfo


if __name__ == '__main__':
    with cli_errors():
        main()
