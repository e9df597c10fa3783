"""--resume of a work dir that another config wrote is one line, no mess."""
import glob
import os.path as osp
import shutil

import pytest
from conftest import DEMO_SEG_CFG, REPO, run_tool, small_seg_options

CGAN = osp.join(REPO, 'configs', 'demo',
                'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


@pytest.mark.parametrize('config,opts,expect', [
    (CGAN, [], 'does not fit the AdversarialSegmentor of the config'),
    (DEMO_SEG_CFG, ['optim_wrapper.paramwise_cfg.bias_lr_mult=2.0'],
     'was written with other optimizers (one optimizer: groups of ['),
    (DEMO_SEG_CFG, [], None),
])
def test_resume_of_another_configs_work_dir_is_refused(
        demo_unet, tmp_path, config, opts, expect, demo_root):
    work_dir = str(tmp_path / 'unet')
    shutil.copytree(demo_unet[0], work_dir)
    before = sorted(glob.glob(osp.join(glob.escape(work_dir), '*.py')))
    opts = small_seg_options(demo_root, work_dir, max_iters=6) + opts
    if expect is None:  # the same config resumes (the control)
        proc = run_tool('tools/train.py', config, '--resume', *opts)
        assert 'Iter(train) [5/6]' in proc.stdout + proc.stderr
        return
    proc = run_tool('tools/train.py', config, '--resume', *opts,
                    check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith('error: --resume: ')
    assert osp.join(work_dir, 'iter_4.pth') in last and expect in last
    assert 'resume with the config that wrote it' in last
    # nothing written: no second config beside the first, no checkpoint
    assert sorted(glob.glob(osp.join(glob.escape(work_dir), '*.py'))) \
        == before
    assert not osp.exists(osp.join(work_dir, 'iter_6.pth'))


def test_resume_with_another_model_names_the_weights(demo_unet, tmp_path,
                                                      demo_root):
    work_dir = str(tmp_path / 'unet')
    shutil.copytree(demo_unet[0], work_dir)
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, '--resume',
                    *small_seg_options(demo_root, work_dir, max_iters=6),
                    'model.decode_head.channels=32', check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith('error: --resume: ')
    assert 'does not fit the EncoderDecoder of the config' in last
    assert 'have another shape' in last
