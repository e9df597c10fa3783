# Iteration time of end-to-end GAN-aug (EndToEndGANAug) with its task term
# (exact unroll, finite difference) against the same model and batch
# without it (task_loss_weight=0: GAN + segmentor steps only), interleaved
# round-robin in one process (mmseg_gan.apis.TrainIter):
#   python tools/benchmarks/e2e_step_time.py [CONFIG] [--data-root DIR] \
#       [--batch-size 2] [--iters 10] [--warmup 2] [--cfg-options K=V ...] \
#       [--also CONFIG ...] [--out MD]
# --also times other training configs in the same rounds, e.g. the parts of
# "separate" GAN-aug: the segmentor config alone and the synthesizer that
# renders its pairs.
# Default CONFIG: the demo end-to-end config (make demo writes its data).
import argparse
import copy
import os.path as osp

import torch
from mmengine.config import Config, DictAction

import mmseg_gan  # noqa: F401
from mmseg_gan.benchmark import TrainIter, report_table, step_round_robin
from mmseg_gan.utils import cli_errors, prepare_cfg_for_device

DEMO = osp.join(osp.dirname(__file__), '..', '..', 'configs', 'demo',
                'gan-aug-e2e_pix2pix_unet-s5-d16_fcn_1xb4-200_'
                'demo-cityscapes-64x128.py')
SETTINGS = {
    'without task term (w=0)': dict(task_loss_weight=0.0),
    'exact unroll': dict(task_loss_weight=1.0, hypergradient='exact'),
    'finite difference': dict(task_loss_weight=1.0,
                              hypergradient='finite_difference'),
}


def parse_args():
    p = argparse.ArgumentParser(
        description='end-to-end GAN-aug step time, with vs without the task '
        'term, interleaved')
    p.add_argument('config', nargs='?', default=DEMO,
                   help='an EndToEndGANAug training config')
    p.add_argument('--data-root', help='override both data roots')
    p.add_argument('--batch-size', type=int, default=2)
    p.add_argument('--iters', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config settings (key=value)')
    p.add_argument('--also', nargs='+', default=[], metavar='CONFIG',
                   help='other training configs timed in the same rounds '
                   '(their own data; batch size --batch-size)')
    p.add_argument('--out', help='append the Markdown table to this file')
    return p.parse_args()


def _variant(args, setting: dict) -> Config:
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(copy.deepcopy(args.cfg_options))
    cfg.model.update(setting, task_start_iter=0)
    cfg.train_dataloader.batch_size = args.batch_size
    if args.data_root:
        for part in ('train', 'held_out'):
            cfg.train_dataloader.dataset[part].data_root = args.data_root
    prepare_cfg_for_device(cfg)  # SyncBN -> BN without CUDA
    return cfg


def _other(path: str, batch_size: int) -> Config:
    cfg = Config.fromfile(path)
    cfg.train_dataloader.batch_size = batch_size
    prepare_cfg_for_device(cfg)
    return cfg


def main():
    args = parse_args()
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    runs = [TrainIter(name, _variant(args, s), device)
            for name, s in SETTINGS.items()]
    runs += [TrainIter(osp.basename(p), _other(p, args.batch_size), device)
             for p in args.also]
    medians = step_round_robin(runs, args.warmup, args.iters)
    base = medians[0]
    lines = [
        f'| setting | s / iteration (median of {args.iters}, batch '
        f'{args.batch_size}) | x without task term | peak GPU MiB |',
        '|---|---|---|---|'
    ]
    for run, t in zip(runs, medians):
        lines.append(f'| {run.name} | {t:.3f} | {t / base:.2f} | '
                     f'{run.peak_mib:.0f} |')
    dev = torch.cuda.get_device_name() if device == 'cuda' else 'CPU'
    lines.append(f'\n{osp.basename(args.config)}, {dev}, '
                 f'{torch.get_num_threads()} threads, torch '
                 f'{torch.__version__}')
    report_table('\n'.join(lines), args.out)


if __name__ == '__main__':
    with cli_errors():
        main()
