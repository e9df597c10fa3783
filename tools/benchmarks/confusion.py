"""What a segmentor's test predictions call each class, per class.

    python tools/test.py CONFIG CHECKPOINT --out PRED_DIR
    python tools/benchmarks/confusion.py CONFIG PRED_DIR \
        [--md OUT.md] [--json OUT.json] [--png OUT.png] [--top 2]

Reads the label maps ``tools/test.py --out`` wrote (one ``<image>.png`` per
test image, as mmseg's ``IoUMetric`` names them) and the config's test set,
and prints, per ground-truth class: its IoU, accuracy (recall), precision and
the classes its pixels are predicted as instead, most first, with their
shares. It counts what mmseg's ``tools/analysis_tools/confusion_matrix.py``
counts, in numbers one can cite, and checks that every test image has its
prediction. ``--png`` draws the row-normalized matrix.
"""
import argparse
import os.path as osp

import numpy as np
from mmengine.config import Config, DictAction
from mmseg.registry import DATASETS
from mmseg.utils import register_all_modules
from PIL import Image

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.utils import (
    ConfigCheckError,
    atomic_write,
    atomic_write_json,
    cli_errors,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='the config the predictions were '
                        'tested with (its test_dataloader is read)')
    parser.add_argument('pred_dir', help='the --out folder of tools/test.py')
    parser.add_argument('--top', type=int, default=2,
                        help='how many wrong predictions to list per class')
    parser.add_argument('--md', help='also write the table here')
    parser.add_argument('--json', help='also write the counts here')
    parser.add_argument('--png', help='draw the normalized matrix here')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, as tools/test.py')
    return parser.parse_args()


def read_prediction(pred_dir: str, img_path: str) -> np.ndarray:
    """The label map tools/test.py --out wrote for ``img_path``."""
    name = osp.splitext(osp.basename(img_path))[0] + '.png'
    path = osp.join(pred_dir, name)
    if not osp.isfile(path):
        raise ConfigCheckError(
            f'{path}: no prediction for test image {img_path} (expected '
            f'{name} from tools/test.py CONFIG CHECKPOINT --out {pred_dir})')
    return np.asarray(Image.open(path))


def count(dataset, pred_dir: str) -> np.ndarray:
    """``m[t, p]``: pixels of ground-truth class t predicted as p."""
    n = len(dataset.metainfo['classes'])
    m = np.zeros((n, n), dtype=np.int64)
    for i in range(len(dataset)):
        sample = dataset[i]['data_samples']
        gt = sample.gt_sem_seg.data.squeeze(0).numpy().astype(np.int64)
        pred = read_prediction(pred_dir, sample.img_path).astype(np.int64)
        if sample.get('reduce_zero_label', False):
            pred = pred - 1  # IoUMetric saves reduced labels + 1
        if pred.shape != gt.shape:
            raise ConfigCheckError(
                f'{osp.join(pred_dir, osp.basename(sample.img_path))}: '
                f'prediction is {pred.shape[1]}x{pred.shape[0]}, the label '
                f'map {gt.shape[1]}x{gt.shape[0]} (expected the '
                'predictions of this config\'s test set)')
        keep = (gt != dataset.ignore_index) & (gt < n) & (pred >= 0) & (
            pred < n)
        m += np.bincount(n * gt[keep] + pred[keep],
                         minlength=n * n).reshape(n, n)
    return m


def summarize(m: np.ndarray, classes, top: int) -> dict:
    """Per-class IoU, accuracy, precision and the top wrong predictions."""
    rows = []
    for c, name in enumerate(classes):
        gt_c, pred_c, tp = m[c].sum(), m[:, c].sum(), m[c, c]
        wrong = m[c].astype(float)
        wrong[c] = 0
        order = [int(j) for j in np.argsort(-wrong, kind='stable')[:top]
                 if wrong[j] > 0]
        rows.append(dict(
            cls=name, pixels=int(gt_c),
            iou=float(tp / (gt_c + pred_c - tp)) if gt_c + pred_c else None,
            accuracy=float(tp / gt_c) if gt_c else None,
            precision=float(tp / pred_c) if pred_c else None,
            predicted_as=[(classes[j], float(wrong[j] / gt_c))
                          for j in order]))
    return dict(rows=rows, aAcc=float(np.trace(m) / max(m.sum(), 1)))


def pct(v):
    return '-' if v is None else f'{100 * v:.1f}'


def table(result: dict) -> str:
    lines = ['| class | IoU | accuracy | precision | predicted as instead |',
             '|---|---|---|---|---|']
    for r in result['rows']:
        instead = ', '.join(f'{name} {pct(share)} %'
                            for name, share in r['predicted_as']) or '-'
        lines.append(f"| {r['cls']} | {pct(r['iou'])} | "
                     f"{pct(r['accuracy'])} | {pct(r['precision'])} | "
                     f'{instead} |')
    return '\n'.join(lines) + '\n'


def write_text(path: str, text: str) -> None:
    with open(path, 'w') as f:
        f.write(text)


def draw(m: np.ndarray, classes, title: str, path: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    norm = 100 * m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    n = len(classes)
    fig, ax = plt.subplots(figsize=(0.6 * n + 2.5, 0.6 * n + 1.5))
    ax.imshow(norm, cmap='OrRd', vmin=0, vmax=100)
    ax.set_xticks(range(n), classes, rotation=45, ha='right')
    ax.set_yticks(range(n), classes)
    ax.set_xlabel('predicted')
    ax.set_ylabel('ground truth')
    ax.set_title(title, fontsize=9)
    for t in range(n):
        for p in range(n):
            if norm[t, p] >= 0.5:
                ax.text(p, t, f'{norm[t, p]:.0f}', ha='center',
                        va='center', fontsize=7,
                        color='white' if norm[t, p] > 60 else 'black')
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, format='png', dpi=120))
    plt.close(fig)


def main():
    args = parse_args()
    if args.top < 0:
        raise ConfigCheckError(f'--top must be >= 0, got {args.top}')
    if not osp.isdir(args.pred_dir):
        raise ConfigCheckError(
            f'{args.pred_dir}: no such folder (the --out of tools/test.py)')
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    classes = list(dataset.metainfo['classes'])
    m = count(dataset, args.pred_dir)
    result = summarize(m, classes, args.top)
    text = (f'{len(dataset)} test images, {m.sum()} labelled pixels, '
            f"pixel accuracy {pct(result['aAcc'])} %\n\n" + table(result))
    print(text, end='')
    # everything is counted before anything is written
    if args.md:
        atomic_write(args.md, lambda tmp: write_text(tmp, text))
    if args.json:
        result.update(config=args.config, pred_dir=args.pred_dir,
                      images=len(dataset), confusion=m.tolist())
        atomic_write_json(args.json, result)
    if args.png:
        draw(m, classes, f'{args.pred_dir} (% of each true class)',
             args.png)


if __name__ == '__main__':
    with cli_errors():
        main()
