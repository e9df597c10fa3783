"""Validation metrics against iterations: a Markdown table and a chart.

    python tools/analysis_tools/val_curve.py WORK_DIR [WORK_DIR ...] \
        [--metrics vessel/Dice mDice] [--md curve.md] [--png curve.png]

Reads every validation each ``tools/train.py`` work dir logged
(``*/vis_data/scalars.json``, resumed runs included). The table has one row
per validation step and one column per work dir and metric; the chart one
panel per metric and one line per work dir. mmseg's
``analyze_logs.py`` draws the same from one ``scalars.json`` for mIoU,
mAcc and aAcc; this reads work dirs and any metric an evaluator logs.
"""
import argparse
import os.path as osp
import sys

from mmseg_gan.benchmark import validation_curve
from mmseg_gan.utils import (
    ConfigCheckError,
    add_debug_arg,
    atomic_write,
    cli_errors,
)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Validation metrics of training work dirs against '
        'iterations')
    parser.add_argument('work_dirs', nargs='+', help='tools/train.py '
                        'work dirs')
    parser.add_argument('--metrics', nargs='+', default=['mIoU'],
                        help='metrics as the evaluator logs them (the '
                        'first must be in every validation)')
    parser.add_argument('--md', help='write the Markdown table here')
    parser.add_argument('--png', help='write the chart here')
    parser.add_argument('--title', default='', help='title of the chart')
    add_debug_arg(parser)
    return parser.parse_args()


def to_markdown(curves: dict, metrics) -> str:
    """One row per validation step; one column per work dir and metric."""
    names = {d: osp.basename(osp.normpath(d)) for d in curves}
    steps = sorted({r['step'] for c in curves.values() for r in c})
    header = ['iteration'] + [
        f'{m} ({names[d]})' if len(curves) > 1 else m
        for d in curves for m in metrics]
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    for step in steps:
        cells = [str(step)]
        for curve in curves.values():
            rec = next((r for r in curve if r['step'] == step), {})
            cells += [f'{rec[m]:g}' if m in rec else '-' for m in metrics]
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def plot(curves: dict, metrics, path: str, title: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    cols = len(metrics) if len(metrics) <= 3 else 2 if len(metrics) == 4 else 3
    rows = -(-len(metrics) // cols)
    fig, axes = plt.subplots(rows, cols, squeeze=False,
                             figsize=(4.5 * cols, 3.2 * rows))
    for ax in axes.flat[len(metrics):]:
        ax.axis('off')
    for ax, metric in zip(axes.flat, metrics):
        for d, curve in curves.items():
            points = [(r['step'], r[metric]) for r in curve if metric in r]
            ax.plot(*zip(*points), marker='o', markersize=3,
                    label=osp.basename(osp.normpath(d)))
        ax.set_xlabel('iteration')
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main():
    args = parse_args()
    for d in args.work_dirs:
        if not osp.isdir(d):
            raise ConfigCheckError(f'work dir {d!r} does not exist')
    curves = {d: validation_curve(d, args.metrics[0])
              for d in args.work_dirs}
    table = to_markdown(curves, args.metrics)
    print(table)
    if args.md:
        atomic_write(args.md, lambda p: open(p, 'w').write(table + '\n'))
    if args.png:
        atomic_write(args.png,
                     lambda p: plot(curves, args.metrics, p, args.title))
    print(f'{sum(map(len, curves.values()))} validations of '
          f'{len(curves)} work dirs', file=sys.stderr)


if __name__ == '__main__':
    with cli_errors():
        main()
