# Render a GAN-synthesized dataset (mmseg layout + manifest.json).
import argparse

import torch
from mmengine.config import DictAction

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.apis import describe_label_reduction, synthesize_folder
from mmseg_gan.utils import add_debug_arg, cli_errors


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
        '--label-vflip', type=float, default=0.0, metavar='PROB',
        help='with --label-augment: probability of a vertical flip (maps '
        'with no upright, e.g. vessel trees)')
    parser.add_argument(
        '--label-rotate', type=float, default=0.0, metavar='DEG',
        help='with --label-augment: rotate by up to DEG degrees')
    parser.add_argument(
        '--label-elastic', type=float, nargs=2, default=None,
        metavar=('DISPLACEMENT', 'SIGMA'),
        help='with --label-augment: elastic deformation, largest shift and '
        'smoothness in pixels')
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
    if not 0.0 <= args.label_vflip <= 1.0:
        parser.error(
            f'--label-vflip must be in [0, 1], got {args.label_vflip}')
    if args.label_elastic and min(args.label_elastic) <= 0:
        parser.error('--label-elastic takes a displacement and a sigma > 0, '
                     f'got {args.label_elastic}')
    geometry = args.label_vflip or args.label_rotate or args.label_elastic
    if geometry and not args.label_augment:
        parser.error('--label-vflip, --label-rotate and --label-elastic '
                     'need --label-augment')
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


def main():
    args = parse_args()
    result = synthesize_folder(
        args.config, args.checkpoint, args.out, num=args.num,
        label_source=args.label_source,
        samples_per_label=args.samples_per_label,
        batch_size=args.batch_size, device=args.device, seed=args.seed,
        label_augment=args.label_augment, rare_classes=args.rare_classes,
        paste_prob=args.paste_prob, max_instances=args.max_instances,
        label_vflip=args.label_vflip, label_rotate=args.label_rotate,
        label_elastic=args.label_elastic,
        filter_config=args.filter_config,
        filter_checkpoint=args.filter_checkpoint,
        filter_tolerance=args.filter_tolerance, preview=args.preview,
        overwrite=args.overwrite, cfg_options=args.cfg_options)
    print(f'label source {result.label_source}: {result.num_label_maps} '
          'label maps, loaded as the config\'s annotations '
          f'({describe_label_reduction(result.label_reduction)})')
    augment = result.label_augment
    if augment:
        print(f'label augmentation on; rare classes pasted: '
              f'{augment["rare_classes"]} (up to {augment["max_instances"]} '
              f'instances, probability {augment["paste_prob"]})')
        geometry = {k: augment[k] for k in (
            'vflip_prob', 'max_rotate_degree', 'elastic_displacement',
            'elastic_sigma') if k in augment}
        if geometry:
            print('  and ' + ', '.join(f'{k} {v:g}'
                                       for k, v in geometry.items()))
    print(f"{result.manifest['num']} pairs in {result.out_dir} "
          f"(img_dir/train, ann_dir/train, manifest.json)")
    div = result.diversity
    if div:
        print(f"sample diversity over {div['maps']} label maps x "
              f"{div['samples']} noises: L1 {div['within']:.4f} between "
              f"renderings of one map, {div['across']:.4f} between maps "
              f"(ratio {div['ratio']:.3f}; 0: the noise is ignored)")
    if result.preview:
        print(f'preview: {result.preview}')


if __name__ == '__main__':
    with cli_errors():
        main()
