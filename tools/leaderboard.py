"""Compare training runs: a Markdown leaderboard, CSV and a chart.

    python tools/leaderboard.py work_dirs/camvid/* [--per-class] \
        [--metric mIoU] [--csv board.csv] [--png board.png] [--md board.md]

Each argument is a ``tools/train.py`` work dir (shell globs and quoted
globs both work; an existing dir is read as named, even with ``[``, ``]``
or ``*`` in its name). Runs whose configs differ only in the seed are one row
with mean ± std; rows are sorted by the final validation ``--metric``
(default mIoU; e.g. ``vessel/Dice`` for DRIVE's VesselMetric). The chart has
one panel per benchmark, split and budget, each method drawn as its
difference to that panel's baseline (``mmseg_gan.benchmark.split_panels``).
"""
import argparse
import glob
import os.path as osp
import sys

from mmseg_gan.benchmark import (
    LeaderboardError,
    collect_run,
    group_runs,
    plot_bars,
    to_markdown,
    write_csv,
)
from mmseg_gan.utils import (
    ConfigCheckError,
    add_debug_arg,
    atomic_write,
    cli_errors,
)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Leaderboard of mmseg training work dirs')
    parser.add_argument('work_dirs', nargs='+', help='work dirs or globs')
    parser.add_argument('--per-class', action='store_true',
                        help='add per-class columns (IoU, or Dice)')
    parser.add_argument('--metric', default='mIoU',
                        help='the key metric as the evaluator logs it '
                        '(mIoU, mDice, vessel/Dice ...): rows are sorted '
                        'and charted by it')
    parser.add_argument('--csv', help='write one row per run here')
    parser.add_argument('--png', help='write the per-split delta chart here')
    parser.add_argument('--md', help='write the Markdown table here')
    parser.add_argument('--title', help='title of the bar chart '
                        '(default: val METRIC)')
    add_debug_arg(parser)
    return parser.parse_args()


def main():
    args = parse_args()
    dirs = []
    for pattern in args.work_dirs:
        # an existing dir is taken as named, even with glob characters
        # (`run[1]`); anything else with them is a pattern
        literal = osp.isdir(pattern) or not glob.has_magic(pattern)
        matches = [pattern] if literal else sorted(glob.glob(pattern))
        dirs += [d for d in matches if osp.isdir(d)]
        if literal and not osp.isdir(pattern):
            raise ConfigCheckError(f'work dir {pattern!r} does not exist')
    records = []
    for d in dict.fromkeys(dirs):
        try:
            records.append(collect_run(d, args.metric))
        except LeaderboardError as e:
            print(f'skipped: {e}', file=sys.stderr)
    if not records:
        raise ConfigCheckError(
            'no training work dir with validation results among '
            f'{args.work_dirs}')
    entries = group_runs(records)
    table = to_markdown(entries, per_class=args.per_class)
    print(table)
    if args.md:
        atomic_write(args.md, lambda p: open(p, 'w').write(table + '\n'))
    if args.csv:
        atomic_write(args.csv, lambda p: write_csv(entries, p))
    if args.png:
        title = args.title or f'val {args.metric}'
        atomic_write(args.png, lambda p: plot_bars(entries, p, title))
    print(f'{len(records)} runs, {len(entries)} configurations',
          file=sys.stderr)


if __name__ == '__main__':
    with cli_errors():
        main()
