# Write the embedded demo dataset (Cityscapes layout, 19 trainIds).
import argparse
import time

from mmseg_gan.datasets import generate_demo_cityscapes


def parse_args():
    parser = argparse.ArgumentParser(
        description='Generate the small Cityscapes-layout demo dataset '
        '(procedurally drawn street scenes, deterministic by seed)')
    parser.add_argument(
        'out_dir', nargs='?', default='data/demo_cityscapes',
        help='output folder (the config data_root)')
    parser.add_argument('--num-train', type=int, default=24)
    parser.add_argument('--num-val', type=int, default=8)
    parser.add_argument('--num-test', type=int, default=4)
    parser.add_argument(
        '--size', type=int, nargs=2, default=(256, 512),
        metavar=('H', 'W'), help='image height and width')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def main():
    args = parse_args()
    start = time.perf_counter()
    generate_demo_cityscapes(
        args.out_dir, num_train=args.num_train, num_val=args.num_val,
        num_test=args.num_test, size=tuple(args.size), seed=args.seed)
    print(f'demo Cityscapes data in {args.out_dir} '
          f'(train {args.num_train}, val {args.num_val}, test '
          f'{args.num_test}, {args.size[0]}x{args.size[1]}) ready in '
          f'{time.perf_counter() - start:.1f} s')


if __name__ == '__main__':
    main()
