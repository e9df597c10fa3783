"""How right the semi-supervised cGAN's pseudo-labels are, per class.

    python tools/benchmarks/pseudo_labels.py CGAN_SEMI_CONFIG CHECKPOINT \
        [--share 0.3 | --threshold 0.2] [--max-images N] [--json OUT.json]

The config's training set must withhold labels from its own images
(``SemiSupervisedSegDataset`` with ``labeled_split`` or
``labeled_fraction``), so the withheld labels are there to check against.
Every unlabeled image goes whole through the config's test pipeline; the
checkpoint's segmentor predicts it and its discriminator rates each pixel
(the confidence the semi mode selects by; ``--rank softmax`` ranks by the
segmentor's own top probability instead, plain self-training's rule). The
pixels a training step would self-train on are the ``--share`` it rates
most real (per image here; per batch of crops in training; with
``--class-balanced`` within each predicted class) or, with
``--threshold``, those above it: the selection of training itself
(``select_confident``).

Printed per class (the withheld label's class): its share of the selected
pixels, how much of it is selected (``coverage``) and how often the
pseudo-label of its selected pixels is right (``recall``), and per
predicted class how often a selected pixel predicted as it is right
(``precision``). The totals compare the selected pixels' accuracy with all
pixels'.
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dataset import Compose
from mmseg.apis import init_model
from mmseg.registry import DATASETS
from mmseg.utils import register_all_modules

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.models.utils import select_confident
from mmseg_gan.utils import (
    ConfigCheckError,
    atomic_write_json,
    cli_errors,
    is_type,
    unwrap,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='semi-supervised cGAN config')
    parser.add_argument('checkpoint', help='its training checkpoint')
    how = parser.add_mutually_exclusive_group()
    how.add_argument('--share', type=float, default=0.3,
                     help='self-train the share of pixels rated most real '
                     '(semi_cfg.confident_share)')
    how.add_argument('--threshold', type=float,
                     help='self-train pixels rated above this instead')
    parser.add_argument(
        '--rank', choices=('discriminator', 'softmax'),
        default='discriminator',
        help="order pixels by the discriminator's confidence (the semi "
        "mode's rule) or by the segmentor's own top softmax probability "
        '(plain self-training), to compare the two')
    parser.add_argument(
        '--class-balanced', action='store_true',
        help='the share within each predicted class '
        '(semi_cfg.class_balanced)')
    parser.add_argument('--max-images', type=int,
                        help='check only the first N unlabeled images')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--json', help='also write the numbers here')
    args = parser.parse_args()
    if args.class_balanced and args.threshold is not None:
        parser.error('--class-balanced ranks within classes: give --share, '
                     'not --threshold')
    if args.threshold is None and not 0 < args.share <= 1:
        parser.error(f'--share must be in (0, 1], got {args.share}')
    return args


def unlabeled_images(cfg: Config):
    """The dataset whose labels training withholds, and their indices."""
    ds_cfg = cfg.train_dataloader.dataset
    if not is_type(ds_cfg.get('type'), 'SemiSupervisedSegDataset', DATASETS,
                   subclass=True) or ds_cfg.get('unlabeled') is not None:
        raise ConfigCheckError(
            'train_dataloader.dataset must be a SemiSupervisedSegDataset '
            'that withholds labels of its own images (labeled_split or '
            f"labeled_fraction), got type {ds_cfg.get('type')!r}"
            + (' with a separate `unlabeled` dataset'
               if ds_cfg.get('unlabeled') is not None else ''))
    ds = DATASETS.build(ds_cfg)
    unl = np.setdiff1d(np.arange(len(ds.labeled)), ds.labeled_indices)
    return ds.labeled, unl


@torch.no_grad()
def check(model, dataset, indices, pipeline, share, threshold, rank,
          class_balanced):
    """Confusion counts (withheld label x pseudo-label) of all pixels and of
    the selected ones."""
    n = model.num_classes
    counts = {k: np.zeros((n, n), np.int64) for k in ('all', 'selected')}
    disc = unwrap(model.adversarial_head).discriminator
    for done, i in enumerate(indices, 1):
        one = pipeline(dataset.get_data_info(int(i)))
        data = model.data_preprocessor(
            dict(inputs=[one['inputs']], data_samples=[one['data_samples']]),
            False)
        x = data['inputs']
        probs = model.encode_decode(
            x, [s.metainfo for s in data['data_samples']]).softmax(dim=1)
        conf = disc.confidence(disc(x, probs), probs.shape[2:]) \
            if rank == 'discriminator' else probs.max(dim=1).values
        gt = data['data_samples'][0].gt_sem_seg.data[0].long()
        probs = F.interpolate(probs, size=gt.shape, mode='bilinear',
                              align_corners=False)
        conf = F.interpolate(conf[:, None], size=gt.shape, mode='bilinear',
                             align_corners=False)[0, 0]
        pred = probs[0].argmax(dim=0)
        keep = select_confident(conf[None], pred[None],
                                None if threshold is not None else share,
                                threshold, class_balanced)[0]
        valid = gt < n
        for name, mask in (('all', valid), ('selected', valid & keep)):
            counts[name] += np.bincount(
                (gt[mask] * n + pred[mask]).cpu().numpy(),
                minlength=n * n).reshape(n, n)
        if done % 20 == 0 or done == len(indices):
            print(f'[{done}/{len(indices)}] unlabeled images checked',
                  flush=True)
    return counts


def summarize(counts, classes):
    sel, everything = counts['selected'], counts['all']
    rows = []
    for c, name in enumerate(classes):
        true_c, pred_c = sel[c].sum(), sel[:, c].sum()
        wrong = sel[c].copy()
        wrong[c] = 0  # what its selected pixels are labelled instead
        rows.append(dict(
            cls=name,
            selected_share=float(true_c / max(sel.sum(), 1)),
            coverage=float(true_c / max(everything[c].sum(), 1)),
            recall=float(sel[c, c] / true_c) if true_c else None,
            precision=float(sel[c, c] / pred_c) if pred_c else None,
            mistaken_for=classes[int(np.argmax(wrong))]
            if wrong.any() else None))
    acc = {k: float(np.trace(v) / max(v.sum(), 1)) for k, v in counts.items()}
    return dict(rows=rows, accuracy_selected=acc['selected'],
                accuracy_all=acc['all'],
                selected_share=float(sel.sum() / max(everything.sum(), 1)))


def pct(v):
    return '-' if v is None else f'{100 * v:.1f}'


def main():
    args = parse_args()
    register_all_modules()  # the pipeline's transforms resolve in mmseg
    cfg = Config.fromfile(args.config)
    if 'adversarial_head' not in cfg.model:
        raise ConfigCheckError(
            f'{args.config}: model has no adversarial_head (not a cGAN '
            'config)')
    dataset, indices = unlabeled_images(cfg)
    if args.max_images:
        indices = indices[:args.max_images]
    pipeline = Compose(cfg.test_dataloader.dataset.pipeline)
    model = init_model(cfg, args.checkpoint, device=args.device)
    counts = check(model, dataset, indices, pipeline, args.share,
                   args.threshold, args.rank, args.class_balanced)
    classes = list(dataset.metainfo['classes'])
    result = summarize(counts, classes)
    rule = (f'threshold {args.threshold}' if args.threshold is not None
            else f'top {args.share:g} per image') + f' by {args.rank}' + (
                ', per predicted class' if args.class_balanced else '')
    print(f'\n{len(indices)} unlabeled images, selected: {rule} '
          f"({pct(result['selected_share'])} % of labelled pixels)")
    print(f"pseudo-label accuracy: {pct(result['accuracy_selected'])} % of "
          f"the selected pixels, {pct(result['accuracy_all'])} % of all")
    print('\n| class | share of selected | coverage | recall | precision '
          '| selected, mistaken most for |')
    print('|---|---|---|---|---|---|')
    for r in result['rows']:
        print(f"| {r['cls']} | {pct(r['selected_share'])} | "
              f"{pct(r['coverage'])} | {pct(r['recall'])} | "
              f"{pct(r['precision'])} | {r['mistaken_for'] or '-'} |")
    if args.json:
        result.update(config=args.config, checkpoint=args.checkpoint,
                      images=len(indices), rule=rule,
                      confusion_selected=counts['selected'].tolist(),
                      confusion_all=counts['all'].tolist())
        atomic_write_json(args.json, result)


if __name__ == '__main__':
    with cli_errors():
        main()
