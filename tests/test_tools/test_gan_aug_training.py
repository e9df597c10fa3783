"""GAN-augmented segmentor training through tools/train.py on demo data."""
import os.path as osp

import pytest
from conftest import (
    REPO,
    online_gan_aug_options,
    read_scalars,
    run_tool,
    small_gan_aug_options,
    synthesize_options,
)

pytestmark = pytest.mark.slow
HEADLINE = osp.join(REPO, 'configs', 'gan_aug_unet_cityscapes.py')


@pytest.fixture(scope='module')
def synthetic(demo_root, demo_spade, tmp_path_factory):
    cfg, ckpt = demo_spade
    out = str(tmp_path_factory.mktemp('syn') / 'synthetic')
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=4))
    return out



def test_headline_config_trains_two_iterations(demo_root, synthetic,
                                               tmp_path):
    work_dir = str(tmp_path)
    proc = run_tool(
        'tools/train.py', HEADLINE,
        *small_gan_aug_options(demo_root, work_dir),
        f'train_dataloader.dataset.synthetic.data_root={synthetic}')
    log = proc.stdout + proc.stderr
    # the default share 0.1: 1 slot per 6 real images, the real set
    # repeated 4x so that each of the 4 pairs gets a slot
    assert 'GANAugmentedDataset: 24 real + 4 synthetic' in log
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    assert 'mIoU' in log  # validated at the end
    # the leaderboard says what was mixed in, from the folder's manifest
    board = run_tool('tools/leaderboard.py', work_dir).stdout
    row = next(ln for ln in board.splitlines()
               if ln.startswith('| GAN-aug offline '))
    assert '| 0.1 | spade: 4 pairs, label-aug |' in row


def test_online_mode_renders_on_the_device(demo_root, demo_spade, tmp_path):
    cfg, ckpt = demo_spade
    work_dir = str(tmp_path)
    proc = run_tool('tools/train.py', HEADLINE,
                    *online_gan_aug_options(demo_root, work_dir, cfg, ckpt))
    log = proc.stdout + proc.stderr
    assert 'GANAugmentedDataset: 6 real + 18 synthetic' in log
    assert 'online' in log
    assert 'OnlineSynthesisDataPreprocessor: rendering' in log
    assert {1, 2} <= set(read_scalars(work_dir))
