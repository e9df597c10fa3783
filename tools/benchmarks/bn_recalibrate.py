"""How much a segmentor's BatchNorm running statistics cost it, per source.

    python tools/benchmarks/bn_recalibrate.py CONFIG CHECKPOINT \
        [--sources labeled both unlabeled] [--batches 100] [--seed 0] \
        [--json OUT.json]

Evaluates the checkpoint on the config's validation set as saved, then, for
each source, with the running mean and variance of every BatchNorm layer the
prediction passes through (backbone, neck, decode head) recomputed from
scratch at the checkpoint's weights: a cumulative average over ``--batches``
training batches of the config's train pipeline (``precise BN``), weights
untouched. ``labeled`` draws the labelled training images, ``unlabeled``
the images a ``SemiSupervisedSegDataset`` withholds labels from, ``both``
alternates the two batch by batch, as a semi-supervised training step
updates the statistics. The rows compare the same weights, so they are free
of the seed-to-seed noise of training runs: ``labeled`` vs ``both`` says
whether the unlabeled forward passes of the semi mode move the statistics
in a way that costs mIoU, and ``labeled`` vs ``as saved`` what precise BN
alone changes.
"""
import argparse

import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.evaluator import Evaluator
from mmengine.runner import Runner, set_random_seed
from mmseg.apis import init_model
from mmseg.registry import DATASETS
from mmseg.utils import register_all_modules
from torch.nn.modules.batchnorm import _BatchNorm

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.utils import (
    ConfigCheckError,
    atomic_write_json,
    check_file,
    cli_errors,
    is_type,
)

SOURCES = ('labeled', 'unlabeled', 'both')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='the config the checkpoint was '
                        'trained with')
    parser.add_argument('checkpoint', help='its checkpoint')
    parser.add_argument('--sources', nargs='+', choices=SOURCES,
                        default=['labeled'],
                        help='training images to recompute the statistics '
                        'from, one row each')
    parser.add_argument('--batches', type=int, default=100,
                        help='training batches per recomputation')
    parser.add_argument('--seed', type=int, default=0,
                        help='seed of the batch draw and the augmentation')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--json', help='also write the numbers here')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, as tools/test.py')
    args = parser.parse_args()
    if args.batches < 1:
        parser.error(f'--batches must be >= 1, got {args.batches}')
    return args


def prediction_bns(model) -> list:
    """The BatchNorm layers between the input and the decode head's logits."""
    parts = [model.backbone, model.decode_head]
    if getattr(model, 'neck', None) is not None:
        parts.append(model.neck)
    return [m for p in parts for m in p.modules() if isinstance(m, _BatchNorm)]


def check_sources(cfg: Config, sources) -> None:
    """Unlabeled sources need a training set that has unlabeled images."""
    kind = cfg.train_dataloader.dataset.get('type')
    semi = is_type(kind, 'SemiSupervisedSegDataset', DATASETS, subclass=True)
    if not semi and set(sources) - {'labeled'}:
        raise ConfigCheckError(
            f'train_dataloader.dataset is {kind!r}, not a '
            'SemiSupervisedSegDataset: it has no unlabeled images (--sources '
            f'{" ".join(sources)}; expected only labeled)')


class BatchSource:
    """Training batches of one source, drawn with replacement."""

    def __init__(self, cfg: Config, seed: int):
        ds_cfg = cfg.train_dataloader.dataset
        self.batch_size = cfg.train_dataloader.batch_size
        self.dataset = DATASETS.build(ds_cfg)
        self.rng = np.random.default_rng(seed)

    def batch(self, unlabeled: bool) -> dict:
        """``batch_size`` packed samples of the labelled or unlabeled half."""
        idx = self.rng.integers(len(self.dataset), size=self.batch_size)
        key = 'unlabeled_' if unlabeled else ''
        samples = [self.dataset[int(i)] for i in idx]
        return dict(inputs=[s[f'{key}inputs'] for s in samples],
                    data_samples=[s[f'{key}data_samples'] for s in samples])


@torch.no_grad()
def recalibrate(model, source: BatchSource, kind: str, batches: int) -> None:
    """Recompute the running statistics as a cumulative average."""
    bns = prediction_bns(model)
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative moving average
        bn.train()
    for b in range(batches):
        unlabeled = kind == 'unlabeled' or (kind == 'both' and b % 2 == 1)
        # as the training step packs them (semi mode: both halves alike)
        data = model.data_preprocessor(source.batch(unlabeled), True)
        model.decode_head(model.extract_feat(data['inputs']))
        if (b + 1) % 25 == 0 or b + 1 == batches:
            print(f'  [{kind}] {b + 1}/{batches} batches', flush=True)
    for bn in bns:
        bn.eval()


@torch.no_grad()
def evaluate(model, cfg: Config) -> dict:
    """The config's val metrics, as mmengine's ValLoop computes them."""
    loader = Runner.build_dataloader(cfg.val_dataloader)
    evaluator = Evaluator(cfg.val_evaluator)
    evaluator.dataset_meta = loader.dataset.metainfo
    model.eval()
    for i, data in enumerate(loader, 1):
        evaluator.process(data_samples=model.val_step(data), data_batch=data)
        if i % 25 == 0 or i == len(loader):
            print(f'  [val] {i}/{len(loader)}', flush=True)
    return evaluator.evaluate(len(loader.dataset))


def main():
    args = parse_args()
    check_file(args.checkpoint, 'checkpoint')
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    set_random_seed(args.seed)  # the train pipeline's augmentation
    check_sources(cfg, args.sources)
    source = BatchSource(cfg, args.seed)
    model = init_model(cfg, args.checkpoint, device=args.device)
    saved = {k: v.clone() for k, v in model.state_dict().items()}
    if not prediction_bns(model):
        raise ConfigCheckError(
            f'{args.config}: the segmentor has no BatchNorm layer on its '
            'prediction path (nothing to recompute)')
    rows = [('as saved', evaluate(model, cfg))]
    for kind in args.sources:
        model.load_state_dict(saved)
        recalibrate(model, source, kind, args.batches)
        rows.append((f'recomputed on {kind}', evaluate(model, cfg)))
    print(f'\n{args.checkpoint}: BatchNorm statistics, {args.batches} '
          f'batches of {source.batch_size} per recomputation')
    print('\n| BN statistics | mIoU | mAcc | aAcc |\n|---|---|---|---|')
    for name, m in rows:
        print(f"| {name} | {m['mIoU']:.2f} | {m['mAcc']:.2f} | "
              f"{m['aAcc']:.2f} |")
    if args.json:
        result = dict(config=args.config, checkpoint=args.checkpoint,
                      batches=args.batches, seed=args.seed,
                      batch_size=source.batch_size,
                      rows=[dict(stats=n, **m) for n, m in rows])
        atomic_write_json(args.json, result)


if __name__ == '__main__':
    with cli_errors():
        main()
