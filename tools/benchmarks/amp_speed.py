# Iteration time and peak GPU memory of training configs, fp32 vs AMP,
# interleaved round-robin in one process (mmseg_gan.benchmark.TrainIter):
#   python tools/benchmarks/amp_speed.py CONFIG [CONFIG ...] \
#       [--data-root DIR] [--batch-size 8] [--iters 20] [--warmup 3] [--out MD]
# AMP (fp16, bf16) needs a GPU; on the CPU only the fp32 rows are measured.
import argparse
import copy
import math
import os.path as osp

import torch
from mmengine.config import Config

import mmseg_gan  # noqa: F401
from mmseg_gan.benchmark import TrainIter, report_table, step_round_robin
from mmseg_gan.utils import cli_errors, enable_amp


def parse_args():
    p = argparse.ArgumentParser(
        description='fp32 vs AMP iteration time, interleaved')
    p.add_argument('configs', nargs='+', help='training configs')
    p.add_argument('--data-root', help='override the training data root')
    p.add_argument('--batch-size', type=int, default=8)
    p.add_argument('--iters', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--out', help='append the Markdown table to this file')
    return p.parse_args()


def _variant(path: str, dtype, args) -> Config:
    cfg = copy.deepcopy(Config.fromfile(path))
    loader = cfg.train_dataloader
    loader.batch_size = args.batch_size
    if args.data_root:
        ds = loader.dataset
        while 'real' in ds or 'labeled' in ds:
            ds = ds.get('real') or ds.get('labeled')
        ds.data_root = args.data_root
    if dtype:
        enable_amp(cfg, dtype=dtype)
    return cfg


def main():
    args = parse_args()
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    precisions = {'fp32': None}
    if device == 'cuda':
        precisions.update(fp16='float16', bf16='bfloat16')
    else:
        print('no GPU: AMP rows skipped (mmengine AMP needs an accelerator)')
    runs = [(path, name,
             TrainIter(osp.basename(path), _variant(path, dtype, args),
                       device)) for path in args.configs
            for name, dtype in precisions.items()]
    medians = step_round_robin([run for _, _, run in runs], args.warmup,
                               args.iters)
    lines = [
        f'| config | precision | s / iteration (median of {args.iters}, '
        f'batch {args.batch_size}) | speed-up vs fp32 | peak GPU MiB | '
        'losses finite |', '|---|---|---|---|---|---|'
    ]
    base = {}
    for (path, name, run), t in zip(runs, medians):
        base.setdefault(path, t)
        finite = all(
            math.isfinite(float(torch.as_tensor(v).detach()))
            for v in run.last_losses.values())
        lines.append(
            f'| {osp.basename(path)} | {name} | {t:.4f} | '
            f'{base[path] / t:.2f} | '
            f'{run.peak_mib:.0f} | {"yes" if finite else "NO"} |')
    dev = torch.cuda.get_device_name() if device == 'cuda' else 'CPU'
    lines.append(f'\n{dev}, torch {torch.__version__}')
    report_table('\n'.join(lines), args.out)


if __name__ == '__main__':
    with cli_errors():
        main()
