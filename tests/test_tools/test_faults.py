"""Faults and wrong inputs injected for real, through the tools a user runs:
another model's checkpoint, reruns with other settings, copied work dirs,
a kill inside a checkpoint save, out-of-range labels, bad arguments and
unreadable runs. Each must stop with one clear line or keep the data."""
import glob
import json
import os
import os.path as osp
import shutil

import numpy as np
import pytest
import torch
from conftest import (
    DEMO_SEG_CFG,
    REPO,
    run_tool,
    small_gan_aug_options,
    small_seg_options,
    synthesize_options,
)
from PIL import Image

from mmseg_gan.datasets import file_sha256
from mmseg_gan.utils import is_complete_checkpoint

pytestmark = pytest.mark.slow

HEADLINE = osp.join(REPO, 'configs', 'gan_aug_unet_cityscapes.py')


def _one_error_line(proc, *needles):
    assert proc.returncode != 0
    assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith('error:')]
    assert len(lines) == 1, proc.stderr[-3000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_synthesize_refuses_another_models_checkpoint(demo_root, demo_spade,
                                                      demo_unet, tmp_path):
    cfg, _ = demo_spade
    unet_ckpt = osp.join(demo_unet[0], 'iter_4.pth')
    out = tmp_path / 'syn'
    proc = run_tool('tools/synthesize.py', cfg, unet_ckpt,
                    *synthesize_options(demo_root, str(out)), check=False)
    _one_error_line(proc, unet_ckpt, 'does not fit', 'weights are missing')
    assert not out.exists()  # nothing rendered, no manifest claims it


def test_test_tool_refuses_another_models_checkpoint(demo_root, demo_spade,
                                                     tmp_path):
    _, spade_ckpt = demo_spade
    proc = run_tool('tools/test.py', DEMO_SEG_CFG, spade_ckpt,
                    *small_seg_options(demo_root, str(tmp_path / 'w')),
                    check=False)
    line = _one_error_line(proc, spade_ckpt, 'EncoderDecoder')
    assert 'unexpected' in line and 'aAcc' not in proc.stdout


def test_synthesize_rerun_with_other_settings_is_refused(
        demo_root, demo_spade, demo_unet, tmp_path):
    cfg, ckpt = demo_spade
    out = str(tmp_path / 'syn')
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=4), '--preview', '0')
    before = json.load(open(osp.join(out, 'manifest.json')))

    def folder():
        return {p: file_sha256(p) for p in glob.glob(
            osp.join(out, '**', '*'), recursive=True) if osp.isfile(p)}

    files = folder()
    # the same command again: nothing to do, nothing refused
    proc = run_tool('tools/synthesize.py', cfg, ckpt,
                    *synthesize_options(demo_root, out, num=4), '--preview',
                    '0')
    assert '4 already present' in proc.stdout and folder() == files
    # every setting known before the generator is loaded changed at once
    # (all named): the same weights saved again (another file), the same
    # config under another name, other counts, label maps and a filter
    other_ckpt = str(tmp_path / 'same_weights.pth')
    state = torch.load(ckpt, map_location='cpu', weights_only=False)
    state['meta']['note'] = 'saved again'
    torch.save(state, other_ckpt)
    other_cfg = tmp_path / 'same_config.py'
    other_cfg.write_text(f'_base_ = [{cfg!r}]\n')
    unet_ckpt = osp.join(demo_unet[0], 'iter_4.pth')
    proc = run_tool('tools/synthesize.py', other_cfg, other_ckpt,
                    *synthesize_options(demo_root, out, num=2), '--seed', '1',
                    '--preview', '0', '--label-source', 'val',
                    '--samples-per-label', '2',
                    '--filter-config', DEMO_SEG_CFG,
                    '--filter-checkpoint', unet_ckpt, check=False)
    _one_error_line(
        proc, 'seed: 0 in the folder, 1 now', '--overwrite',
        'num: 4 in the folder, 2 now', 'samples_per_label: 1 in the folder, '
        '2 now', 'generator_checkpoint_sha256: ',
        'generator_config_sha256: ', "label_source: 'train' in the folder, "
        "'val' now", 'filtered: False in the folder, True now',
        'filter: None in the folder, ')
    # one setting changed (label augmentation, compared once the generator
    # is loaded): that one is named, no other
    proc = run_tool('tools/synthesize.py', cfg, ckpt,
                    *synthesize_options(demo_root, out, num=4),
                    '--max-instances', '5', '--preview', '0', check=False)
    line = _one_error_line(proc, 'label_augment: {', "'max_instances': 3",
                           "'max_instances': 5", '--overwrite')
    assert line.count(' in the folder, ') == 1, line
    # no refused run changed a file
    assert json.load(open(osp.join(out, 'manifest.json'))) == before
    assert folder() == files
    proc = run_tool('tools/synthesize.py', cfg, ckpt,
                    *synthesize_options(demo_root, out, num=4), '--seed', '1',
                    '--preview', '0', '--overwrite')
    after = json.load(open(osp.join(out, 'manifest.json')))
    assert after['seed'] == 1 and after['files'] != before['files']
    assert len(glob.glob(osp.join(out, 'img_dir', 'train', '*.png'))) == 4


@pytest.mark.parametrize('args,needle', [
    (['--num', '0'], '--num must be >= 1'),
    (['--num', '-5'], '--num must be >= 1'),
    (['--samples-per-label', '0'], '--samples-per-label must be >= 1'),
])
def test_synthesize_bad_arguments_write_nothing(demo_spade, tmp_path, args,
                                                needle):
    cfg, ckpt = demo_spade
    out = tmp_path / 'syn'
    proc = run_tool('tools/synthesize.py', cfg, ckpt, '--out', str(out),
                    *args, check=False)
    assert proc.returncode != 0 and needle in proc.stderr
    assert not out.exists()


def test_synthesize_unwritable_output_is_named_before_loading(
        demo_spade, tmp_path):
    cfg, ckpt = demo_spade
    blocker = tmp_path / 'file'
    blocker.write_text('not a folder')
    proc = run_tool('tools/synthesize.py', cfg, ckpt, '--out',
                    str(blocker / 'syn'), check=False)
    _one_error_line(proc, 'cannot be created')


def test_resume_from_a_copied_work_dir_uses_the_copy(demo_root, demo_unet,
                                                     tmp_path):
    copy = str(tmp_path / 'copy')
    shutil.copytree(demo_unet[0], copy)
    # last_checkpoint still names the original folder's iter_4.pth
    assert demo_unet[0] in open(osp.join(copy, 'last_checkpoint')).read()
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, '--resume',
                    *small_seg_options(demo_root, copy, max_iters=6))
    log = proc.stdout + proc.stderr
    assert 'outside this work dir' in log
    assert f'resuming from {osp.join(copy, "iter_4.pth")}' in log
    assert 'Iter(train) [5/6]' in log and 'Iter(train) [1/6]' not in log
    assert open(osp.join(copy, 'last_checkpoint')).read() == osp.join(
        copy, 'iter_6.pth')


def test_kill_inside_checkpoint_save_keeps_a_resumable_checkpoint(
        demo_root, tmp_path):
    """max_keep_ckpts=1: mmengine's hook deletes iter_2.pth before writing
    iter_4.pth, so a kill there would leave nothing to resume from."""
    cfg = tmp_path / 'kill_cfg.py'
    cfg.write_text(
        f'_base_ = {DEMO_SEG_CFG!r}\n'
        "custom_imports = dict(imports=['mmseg_gan', 'kill_during_save'], "
        'allow_failed_imports=False)\n'
        "custom_hooks = [dict(type='KillDuringSaveHook', at_iter=4)]\n")
    work_dir = str(tmp_path / 'work')
    opts = small_seg_options(demo_root, work_dir, max_iters=6)
    opts.append('default_hooks.checkpoint.max_keep_ckpts=1')
    env = {'PYTHONPATH': osp.join(REPO, 'tests', 'helpers')}
    proc = run_tool('tools/train.py', cfg, *opts, check=False, env=env)
    assert proc.returncode == -9, proc.stderr[-3000:]  # SIGKILL, mid-save
    assert not osp.exists(osp.join(work_dir, 'iter_4.pth'))  # no partial
    assert is_complete_checkpoint(osp.join(work_dir, 'iter_2.pth'))
    assert open(osp.join(work_dir, 'last_checkpoint')).read() == osp.join(
        work_dir, 'iter_2.pth')
    assert glob.glob(osp.join(work_dir, '.iter_4.pth.tmp'))  # the victim

    # resume without the killer: continues at 3, removes the temporary
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, '--resume', *opts)
    log = proc.stdout + proc.stderr
    assert 'Iter(train) [3/6]' in log and 'Iter(train) [1/6]' not in log
    assert sorted(os.listdir(work_dir)).count('iter_6.pth') == 1
    assert not osp.exists(osp.join(work_dir, 'iter_2.pth'))  # pruned
    assert not glob.glob(osp.join(work_dir, '.*.tmp'))


def test_out_of_range_label_is_named_at_load_time(demo_root, tmp_path):
    root = str(tmp_path / 'bad_data')
    shutil.copytree(demo_root, root)
    bad = sorted(glob.glob(osp.join(root, 'gtFine', 'train', '**',
                                    '*_labelTrainIds.png'),
                           recursive=True))[0]
    lbl = np.array(Image.open(bad))
    lbl[0, 0] = 50  # one pixel in a corner, which crops usually miss
    Image.fromarray(lbl).save(bad)
    opts = small_seg_options(root, str(tmp_path / 'w'))
    # raised in a DataLoader worker: still one line
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, *opts,
                    'train_dataloader.sampler.shuffle=False',
                    'train_dataloader.num_workers=1', check=False)
    _one_error_line(proc, bad, 'value(s) 50', '0..18')
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, *opts,
                    'train_dataloader.sampler.shuffle=False', '--debug',
                    check=False)
    assert 'Traceback' in proc.stderr  # --debug shows where it came from


def test_leaderboard_skips_an_unreadable_run(demo_unet, tmp_path):
    good = str(tmp_path / 'good')
    shutil.copytree(demo_unet[0], good)
    broken_cfg = str(tmp_path / 'broken_cfg')
    shutil.copytree(demo_unet[0], broken_cfg)
    config = glob.glob(osp.join(broken_cfg, '*.py'))[0]
    with open(config, 'a') as f:
        f.write('\nthis is not python(\n')
    broken_scalars = str(tmp_path / 'broken_scalars')
    shutil.copytree(demo_unet[0], broken_scalars)
    for path in glob.glob(osp.join(broken_scalars, '*', 'vis_data',
                                   'scalars.json')):
        with open(path, 'a') as f:
            f.write('{"mIoU": \n')
    proc = run_tool('tools/leaderboard.py', good, broken_cfg, broken_scalars)
    assert 'Traceback' not in proc.stderr
    assert f'skipped: {config}: unreadable config' in proc.stderr
    assert 'scalars.json: line' in proc.stderr and 'is not JSON' in \
        proc.stderr
    assert '1 runs, 1 configurations' in proc.stderr


def test_test_tool_on_a_corrupted_checkpoint_is_one_line(
        demo_root, demo_unet, tmp_path):
    ckpt = tmp_path / 'cut.pth'
    data = open(osp.join(demo_unet[0], 'iter_4.pth'), 'rb').read()
    ckpt.write_bytes(data[:len(data) // 2])  # cut short
    proc = run_tool('tools/test.py', DEMO_SEG_CFG, str(ckpt),
                    *small_seg_options(demo_root, str(tmp_path / 'w')),
                    check=False)
    _one_error_line(proc, str(ckpt), 'cannot be read', '--debug')


@pytest.mark.parametrize('name,decoy', [
    ('run[1]', None),  # as a pattern, `run[1]` matches `run1`, not itself
    ('run*', 'run-other'),  # as a pattern, `run*` also matches `run-other`
])
def test_resume_in_a_work_dir_with_glob_characters(demo_root, demo_unet,
                                                   tmp_path, name, decoy):
    work_dir = str(tmp_path / name)
    opts = small_seg_options(demo_root, work_dir, max_iters=2)
    run_tool('tools/train.py', DEMO_SEG_CFG, *opts)
    iter_2 = osp.join(work_dir, 'iter_2.pth')
    before = os.stat(iter_2)
    # last_checkpoint lost: --resume must find iter_2.pth by listing the dir
    os.remove(osp.join(work_dir, 'last_checkpoint'))
    stale = osp.join(work_dir, '.iter_3.pth.tmp')  # left by a killed save
    open(stale, 'wb').close()
    if decoy:  # another run, whose newer checkpoint the pattern would match
        os.makedirs(tmp_path / decoy)
        shutil.copy(osp.join(demo_unet[0], 'iter_4.pth'),
                    tmp_path / decoy / 'iter_8.pth')
    proc = run_tool('tools/train.py', DEMO_SEG_CFG, '--resume',
                    *small_seg_options(demo_root, work_dir, max_iters=4))
    log = proc.stdout + proc.stderr
    assert f'resuming from {iter_2}, the newest complete' in log
    assert 'Iter(train) [3/4]' in log and 'Iter(train) [1/4]' not in log
    after = os.stat(iter_2)  # not rewritten by a restart from iteration 0
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino,
                                                 before.st_mtime_ns)
    assert open(osp.join(work_dir, 'last_checkpoint')).read() == osp.join(
        work_dir, 'iter_4.pth')
    assert not osp.exists(stale)  # the checkpoint hook removed it


def test_synthesize_overwrite_into_an_out_dir_with_glob_characters(
        demo_root, demo_spade, tmp_path):
    cfg, ckpt = demo_spade
    labels = tmp_path / 'labels[2]'  # a --label-source folder, too
    labels.mkdir()
    for path in sorted(glob.glob(osp.join(
            demo_root, 'gtFine', 'train', '**', '*_labelTrainIds.png'),
            recursive=True))[:2]:
        shutil.copy(path, labels)
    out = str(tmp_path / 'syn[2]')
    opts = ['--label-source', str(labels), '--preview', '0']
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=4), *opts)
    img_dir = osp.join(out, 'img_dir', 'train')
    old = {n: open(osp.join(img_dir, n), 'rb').read()
           for n in os.listdir(img_dir)}
    assert len(old) == 4
    stale = osp.join(img_dir, '.000009.png.tmp1')  # left by a killed run
    open(stale, 'wb').close()
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=2), *opts, '--seed',
             '1', '--overwrite')
    manifest = json.load(open(osp.join(out, 'manifest.json')))
    assert manifest['seed'] == 1 and manifest['num'] == 2
    on_disk = sorted(
        osp.relpath(p, out).replace(os.sep, '/')
        for p in glob.glob(osp.join(glob.escape(out), '*_dir', 'train', '*')))
    assert on_disk == sorted(manifest['files'])  # old pairs removed
    assert len(on_disk) == 4  # 2 images, 2 label maps
    for rel, digest in manifest['files'].items():
        assert file_sha256(osp.join(out, rel)) == digest, rel
    # the new seed's images, not the first run's left in place
    assert all(open(osp.join(img_dir, n), 'rb').read() != old[n]
               for n in os.listdir(img_dir))
    assert not osp.exists(stale)


def test_leaderboard_reads_work_dirs_with_glob_characters(demo_unet,
                                                          tmp_path):
    literal = str(tmp_path / 'unet[1]')  # named as it is
    shutil.copytree(demo_unet[0], literal)
    shutil.copytree(demo_unet[0], str(tmp_path / 'runs' / 'unet[2]'))
    pattern = osp.join(str(tmp_path / 'runs'), 'unet*')  # a glob on purpose
    proc = run_tool('tools/leaderboard.py', literal, pattern)
    assert 'skipped' not in proc.stderr, proc.stderr[-3000:]
    assert '2 runs, 1 configurations' in proc.stderr


@pytest.mark.parametrize('dataset_type', [
    'GANAugmentedDataset', 'mmseg.GANAugmentedDataset'])
def test_online_gan_aug_guard_resolves_the_type(demo_root, tmp_path,
                                                dataset_type):
    """Scoped or not, online GAN-aug without the rendering preprocessor is
    refused before anything is built."""
    proc = run_tool(
        'tools/train.py', HEADLINE,
        *small_gan_aug_options(demo_root, str(tmp_path / 'w')),
        f'train_dataloader.dataset.type={dataset_type}',
        'train_dataloader.dataset.synthetic=None',
        'train_dataloader.dataset.online=True', check=False)
    _one_error_line(proc, 'train_dataloader.dataset is a GANAugmentedDataset '
                    'with online=True', 'OnlineSynthesisDataPreprocessor')
    assert not osp.exists(tmp_path / 'w')


def test_synthesize_refuses_other_settings_before_loading_the_model(
        demo_root, demo_spade, tmp_path):
    """The folder's settings are compared before the generator is loaded:
    a rerun naming a checkpoint that cannot be loaded (here cut short) is
    refused for its other checksum, not for the file."""
    cfg, ckpt = demo_spade
    out = str(tmp_path / 'syn')
    run_tool('tools/synthesize.py', cfg, ckpt,
             *synthesize_options(demo_root, out, num=2), '--preview', '0')
    cut = tmp_path / 'cut.pth'
    data = open(ckpt, 'rb').read()
    cut.write_bytes(data[:len(data) // 2])
    proc = run_tool('tools/synthesize.py', cfg, str(cut),
                    *synthesize_options(demo_root, out, num=2), '--preview',
                    '0', check=False)
    line = _one_error_line(proc, 'other settings',
                           'generator_checkpoint_sha256: ', '--overwrite')
    assert 'cannot be read' not in line


def test_synthesize_unknown_type_is_one_line(demo_root, demo_spade,
                                             tmp_path):
    cfg, ckpt = demo_spade
    out = tmp_path / 'syn'
    proc = run_tool('tools/synthesize.py', cfg, ckpt,
                    *synthesize_options(demo_root, str(out)),
                    'model.generator.type=NoSuchGenerator', check=False)
    _one_error_line(proc, 'unknown type in config', 'NoSuchGenerator')
    assert not out.exists()
