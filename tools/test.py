# Test (and evaluate) a segmentor or GAN checkpoint (mmseg's CLI).
import argparse

from mmengine.model import BaseTTAModel
from mmengine.runner import Runner

import mmseg_gan  # noqa: F401  (registers the plugin's modules)
from mmseg_gan.utils import (
    add_runner_args,
    check_checkpoint_fits,
    check_data_roots,
    check_file,
    cli_errors,
    destroy_process_group,
    load_runner_cfg,
    prepare_cfg_for_device,
    unwrap,
)


def parse_args():
    parser = argparse.ArgumentParser(
        description='MMSeg test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir',
        help=('if specified, the evaluation metric results will be dumped'
              'into the directory as json'))
    parser.add_argument(
        '--out',
        type=str,
        help='The directory to save output prediction for offline evaluation')
    parser.add_argument(
        '--show', action='store_true', help='show prediction results')
    parser.add_argument(
        '--show-dir',
        help='directory where painted images will be saved. '
        'If specified, it will be automatically saved '
        'to the work_dir/timestamp/show_dir')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='the interval of show (s)')
    parser.add_argument(
        '--tta', action='store_true', help='Test time augmentation')
    add_runner_args(parser)
    return parser.parse_args()


def trigger_visualization_hook(cfg, args):
    default_hooks = cfg.default_hooks
    if 'visualization' in default_hooks:
        visualization_hook = default_hooks['visualization']
        # Turn on visualization
        visualization_hook['draw'] = True
        if args.show:
            visualization_hook['show'] = True
            visualization_hook['wait_time'] = args.wait_time
        if args.show_dir:
            visualizer = cfg.visualizer
            visualizer['save_dir'] = args.show_dir
    else:
        raise RuntimeError(
            'VisualizationHook must be included in default_hooks.'
            'refer to usage '
            '"visualization=dict(type=\'VisualizationHook\')"')
    return cfg


def main():
    args = parse_args()
    check_file(args.checkpoint, 'checkpoint')
    cfg = load_runner_cfg(args)
    cfg.load_from = args.checkpoint

    if args.show or args.show_dir:
        cfg = trigger_visualization_hook(cfg, args)
    if args.tta:
        cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline
        cfg.tta_model.module = cfg.model
        cfg.model = cfg.tta_model
    if args.out is not None:
        cfg.test_evaluator['output_dir'] = args.out
        cfg.test_evaluator['keep_results'] = True
    check_data_roots(cfg, mode='test')
    prepare_cfg_for_device(cfg)

    runner = Runner.from_cfg(cfg)
    model = unwrap(runner.model)
    if isinstance(model, BaseTTAModel):
        model = model.module
    # mmengine loads non-strictly: another model's checkpoint would be
    # evaluated with random weights
    check_checkpoint_fits(model, args.checkpoint)
    runner.test()
    destroy_process_group()


if __name__ == '__main__':
    with cli_errors():
        main()
