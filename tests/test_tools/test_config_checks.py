"""Config mistakes named in one line before anything is built."""
import os.path as osp

import pytest
from conftest import DEMO_SEG_CFG, REPO, run_tool, small_seg_options

SEMI = osp.join(REPO, 'configs', 'demo',
                'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


@pytest.mark.parametrize('config,key', [
    (DEMO_SEG_CFG, 'train_dataloader.dataset.ann_file'),
    (SEMI, 'train_dataloader.dataset.labeled_split'),
])
def test_empty_split_file_is_one_line(demo_root, tmp_path, config, key):
    split = tmp_path / 'split.txt'
    split.write_text('\n  \n')
    work_dir = str(tmp_path / 'run')
    opts = small_seg_options(demo_root, work_dir)
    if config == SEMI:  # its loader wraps the labelled dataset
        opts = [o.replace('train_dataloader.dataset.data_root',
                          'train_dataloader.dataset.labeled.data_root')
                for o in opts]
    proc = run_tool('tools/train.py', config, *opts, f'{key}={split}',
                    check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(
        f"error: split file '{split}' (config key {key}) lists no image")
    assert not osp.exists(work_dir)  # refused before the Runner
    split.unlink()
    proc = run_tool('tools/train.py', config, *opts, f'{key}={split}',
                    check=False)
    assert proc.stderr.strip().splitlines()[-1].startswith(
        f"error: split file '{split}' (config key {key}) does not exist")


def test_one_optimizer_key_on_a_two_optimizer_config(demo_root, tmp_path):
    from conftest import DEMO_GAN_CFGS, small_gan_options
    work_dir = str(tmp_path / 'run')
    proc = run_tool('tools/train.py', DEMO_GAN_CFGS['spade_1xb4-300'],
                    *small_gan_options(demo_root, work_dir),
                    'optim_wrapper.optimizer.lr=0.1', check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(
        'error: optim_wrapper.optimizer is set, but this config has one '
        'optimizer per network (optim_wrapper.generator, '
        'optim_wrapper.discriminator): set '
        'optim_wrapper.generator.optimizer...')
    assert not osp.exists(work_dir)
