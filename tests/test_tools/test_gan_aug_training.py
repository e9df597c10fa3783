"""GAN-augmented segmentor training through tools/train.py on demo data."""
import os
import os.path as osp

import pytest
import torch
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
    work_dir = str(tmp_path / 'work')
    # the headline config plus a hook that records what the model is fed
    record = str(tmp_path / 'fed.pth')
    recording = tmp_path / 'recording_cfg.py'
    recording.write_text(
        f'_base_ = {HEADLINE!r}\n'
        "custom_imports = dict(imports=['mmseg_gan', 'record_online_render'],"
        ' allow_failed_imports=False)\n'
        f"custom_hooks = [dict(type='RecordOnlineRenderHook', "
        f'path={record!r})]\n')
    proc = run_tool('tools/train.py', recording,
                    *online_gan_aug_options(demo_root, work_dir, cfg, ckpt),
                    env={'PYTHONPATH': os.pathsep.join(filter(None, [
                        osp.join(REPO, 'tests', 'helpers'),
                        os.environ.get('PYTHONPATH')]))})
    log = proc.stdout + proc.stderr
    assert 'GANAugmentedDataset: 6 real + 18 synthetic' in log
    assert 'online' in log
    assert 'OnlineSynthesisDataPreprocessor: rendering' in log
    assert {1, 2} <= set(read_scalars(work_dir))
    # the slots the dataset marked synthetic got rendered pixels, the
    # others their real image, unchanged
    batches = torch.load(record, weights_only=True)
    assert len(batches) == 2  # one per iteration
    marked = [m for b in batches for m in b['marked']]
    assert len(marked) == 4 and any(marked) and not all(marked), marked
    for batch in batches:
        assert batch['fed'].shape == batch['real'].shape
        for i, synthetic in enumerate(batch['marked']):
            fed, real = batch['fed'][i], batch['real'][i]
            if synthetic:  # replaced nearly everywhere, not retouched
                changed = (fed - real).abs().gt(1e-3).float().mean().item()
                assert changed > 0.5, (i, changed)
            else:
                assert torch.equal(fed, real)
