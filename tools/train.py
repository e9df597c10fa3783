# Train a segmentor or a GAN with the mmengine Runner (mmseg's CLI).
import argparse

from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner
from mmseg.registry import HOOKS

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.datasets import (
    check_gan_aug_setup,
    check_ratio_schedule,
    insert_label_checks,
)
from mmseg_gan.engine.hooks import use_atomic_checkpoints
from mmseg_gan.engine.optimizers import check_optim_wrapper
from mmseg_gan.utils import (
    add_runner_args,
    check_data_roots,
    check_file,
    check_resume_fits,
    cli_errors,
    destroy_process_group,
    enable_amp,
    find_resume_checkpoint,
    is_type,
    load_runner_cfg,
    prepare_cfg_for_device,
)


def parse_args():
    parser = argparse.ArgumentParser(description='Train a segmentor or GAN')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        action='store_true',
        default=False,
        help='resume from the latest checkpoint in the work_dir '
        'automatically')
    parser.add_argument(
        '--amp',
        action='store_true',
        default=False,
        help='enable automatic-mixed-precision training')
    parser.add_argument(
        '--amp-dtype',
        choices=['float16', 'bfloat16'],
        default=None,
        help='autocast dtype of --amp (default: float16)')
    add_runner_args(parser)
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = load_runner_cfg(args)
    if args.amp_dtype and not args.amp:
        raise SystemExit('error: --amp-dtype needs --amp')
    if args.amp:
        enable_amp(cfg, dtype=args.amp_dtype)
    cfg.resume = args.resume
    check_data_roots(cfg, mode='train')
    check_gan_aug_setup(cfg)
    check_ratio_schedule(cfg)
    check_optim_wrapper(cfg)
    args_load_from = cfg.get('load_from')
    if args_load_from:
        check_file(cfg.load_from, 'load_from checkpoint')
    elif args.resume:
        # only checkpoints inside this work dir, complete ones, newest first
        cfg.load_from, why = find_resume_checkpoint(cfg.work_dir)
        # with nothing found, mmengine would follow last_checkpoint itself
        cfg.resume = cfg.load_from is not None
        print_log(why + ('' if cfg.resume else '; training from the start'),
                  logger='current')
    insert_label_checks(cfg)
    use_atomic_checkpoints(cfg)
    # a diverging run stops before a non-finite update or checkpoint; a
    # crop larger than the images stops before the first iteration
    hooks = list(cfg.get('custom_hooks') or [])
    for name in ('FiniteCheckHook', 'InputSizeCheckHook'):
        if not any(is_type(h.get('type'), name, HOOKS) for h in hooks):
            hooks.append(dict(type=name))
    cfg.custom_hooks = hooks
    prepare_cfg_for_device(cfg)
    if cfg.resume and cfg.load_from and not args_load_from:
        # before the Runner writes this config next to the other one
        check_resume_fits(cfg, cfg.load_from)

    if 'runner_type' not in cfg:
        runner = Runner.from_cfg(cfg)
    else:
        runner = RUNNERS.build(cfg)
    runner.train()
    destroy_process_group()


if __name__ == '__main__':
    with cli_errors():
        main()
