# Speed ratios measured side by side in one process (CPU noise cancels).
"""Iteration-time and throughput ratios of mmseg-gan against baselines.

Each configuration is built once; then iterations of all of them are
interleaved round-robin, so slow phases of the machine hit every
configuration alike. Reported: median seconds per training iteration
(data loading included) and its ratio to the baseline, synthesis throughput
against a bare render loop (model.render, no files), and peak memory.

    python tools/benchmark.py --seg-config SEG --synthetic DIR \
        --gan-config GAN --gan-checkpoint CKPT [--iters 20] [--out docs/...]
"""
import argparse
import copy
import resource
import shutil
import statistics
import tempfile
import time

import torch
from mmengine.config import Config

import mmseg_gan  # noqa: F401
from mmseg_gan.apis import (
    load_label_source,
    load_synthesizer,
    synthesize_dataset,
)
from mmseg_gan.benchmark import TrainIter, report_table, step_round_robin
from mmseg_gan.utils import cli_errors


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seg-config', required=True,
                   help='baseline segmentor config')
    p.add_argument('--synthetic', required=True,
                   help='synthetic folder (tools/synthesize.py)')
    p.add_argument('--gan-config', required=True)
    p.add_argument('--gan-checkpoint', required=True)
    p.add_argument('--cgan-config', help='adversarial segmentor config')
    p.add_argument('--iters', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--synth-num', type=int, default=32)
    p.add_argument('--batch-size', type=int, default=8)
    p.add_argument('--data-root', help='override the data roots')
    p.add_argument('--out', help='append the Markdown table to this file')
    return p.parse_args()


DEVICE = 'cuda' if torch.cuda.is_available() else 'cpu'


def _aug_cfg(seg_cfg: Config, synthetic: str, online_gan=None) -> Config:
    cfg = copy.deepcopy(seg_cfg)
    real = cfg.train_dataloader.dataset.copy()
    pipeline = real.pop('pipeline')
    cfg.train_dataloader.dataset = dict(
        type='GANAugmentedDataset', real=real, synthetic_ratio=0.5,
        pipeline=pipeline, online=online_gan is not None,
        synthetic=None if online_gan else dict(
            type='SyntheticSegDataset', data_root=synthetic))
    if online_gan:
        pre = cfg.model.data_preprocessor
        pre.update(type='OnlineSynthesisDataPreprocessor',
                   synthesizer_config=online_gan[0],
                   synthesizer_checkpoint=online_gan[1])
    return cfg


def _set_roots(cfg: Config, root: str):
    ds = cfg.train_dataloader.dataset
    (ds.real if 'real' in ds else ds)['data_root'] = root


def main():
    args = parse_args()
    seg_cfg = Config.fromfile(args.seg_config)
    if args.data_root:
        _set_roots(seg_cfg, args.data_root)
    runs = [
        TrainIter('baseline', seg_cfg, DEVICE),
        TrainIter('GAN-aug offline', _aug_cfg(seg_cfg, args.synthetic),
                  DEVICE),
        TrainIter('GAN-aug online', _aug_cfg(
            seg_cfg, args.synthetic,
            (args.gan_config, args.gan_checkpoint)), DEVICE),
    ]
    if args.cgan_config:
        cgan = Config.fromfile(args.cgan_config)
        if args.data_root:
            _set_roots(cgan, args.data_root)
        runs.append(TrainIter('cGAN', cgan, DEVICE))
    medians = step_round_robin(runs, args.warmup, args.iters)
    rows = [(r.name, t, t / medians[0]) for r, t in zip(runs, medians)]

    # synthesis throughput vs. a bare render loop (one-hot, generate, to
    # uint8 BGR: the same model.render, no files)
    gan_cfg = Config.fromfile(args.gan_config)
    if args.data_root:
        gan_cfg.train_dataloader.dataset.data_root = args.data_root
    gan = load_synthesizer(gan_cfg, args.gan_checkpoint, device=DEVICE)
    labels, names = load_label_source(gan_cfg, 'train')
    n, bs = args.synth_num, args.batch_size
    bare, tool = [], []
    for _ in range(3):  # interleaved repeats
        start = time.perf_counter()
        with torch.no_grad():
            for s in range(0, n, bs):
                gan.render(torch.stack([
                    torch.from_numpy(labels[(s + k) % len(labels)]).long()
                    for k in range(min(bs, n - s))
                ]))
        if DEVICE == 'cuda':
            torch.cuda.synchronize()
        bare.append(n / (time.perf_counter() - start))
        out = tempfile.mkdtemp()
        start = time.perf_counter()
        synthesize_dataset(gan, labels, names, out, num=n, batch_size=bs,
                           metainfo=None, progress=False)
        tool.append(n / (time.perf_counter() - start))
        shutil.rmtree(out)
    bare_ips, tool_ips = statistics.median(bare), statistics.median(tool)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        f'| configuration | s / iteration (median of {args.iters}) | '
        'ratio to baseline |', '|---|---|---|'
    ] + [f'| {name} | {t:.3f} | {r:.3f} |' for name, t, r in rows] + [
        '', '| synthesis | images / s (median of 3) | ratio |',
        '|---|---|---|',
        f'| bare render loop (no files) | {bare_ips:.2f} | 1.000 |',
        f'| tools/synthesize.py API (files, checksums) | {tool_ips:.2f} | '
        f'{tool_ips / bare_ips:.3f} |', '',
        f'peak resident memory of the process: {peak_mb:.0f} MiB '
        f'(torch {torch.__version__}, {torch.get_num_threads()} threads, '
        f"{'CUDA' if torch.cuda.is_available() else 'CPU'})"
    ]
    report_table('\n'.join(lines), args.out)


if __name__ == '__main__':
    with cli_errors():
        main()
