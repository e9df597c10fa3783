"""tools/synthesize.py: resumable, atomic, reproducible."""
import glob
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO, run_tool, synthesize_options
from PIL import Image

pytestmark = pytest.mark.slow


def _files(root):
    return sorted(
        osp.relpath(p, root)
        for p in glob.glob(osp.join(root, '**', '*'), recursive=True)
        if osp.isfile(p))


def test_kill_and_resume_gives_identical_checksums(demo_root, demo_spade,
                                                    tmp_path):
    cfg, ckpt = demo_spade
    full, killed = str(tmp_path / 'full'), str(tmp_path / 'killed')
    args = [cfg, ckpt]
    proc = run_tool('tools/synthesize.py', *args,
                    *synthesize_options(demo_root, full, num=24,
                                        batch_size=2))
    assert 'images/s' in proc.stdout  # throughput is reported
    assert 'sample diversity over' in proc.stdout

    cmd = [sys.executable, 'tools/synthesize.py', *args,
           *map(str, synthesize_options(demo_root, killed, num=24,
                                        batch_size=2))]
    victim = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    img_dir = osp.join(killed, 'img_dir', 'train')
    deadline = time.time() + 300
    while time.time() < deadline and victim.poll() is None:
        if len(glob.glob(osp.join(img_dir, '*.png'))) >= 6:
            break
        time.sleep(0.05)
    assert victim.poll() is None, 'finished before it could be killed'
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    partial = glob.glob(osp.join(img_dir, '*.png'))
    assert 6 <= len(partial) < 24
    assert not osp.exists(osp.join(killed, 'manifest.json'))

    proc = run_tool('tools/synthesize.py', *args,
                    *synthesize_options(demo_root, killed, num=24,
                                        batch_size=2))
    assert 'already present' in proc.stdout
    assert _files(full) == _files(killed)
    a = json.load(open(osp.join(full, 'manifest.json')))
    b = json.load(open(osp.join(killed, 'manifest.json')))
    assert len(a['files']) == 48
    assert a['files'] == b['files']
    assert a['generator_checkpoint_sha256'] == b[
        'generator_checkpoint_sha256']
    # a picture of 8 of the pairs: image | label | blend per row
    with Image.open(osp.join(full, 'img_dir', 'train', '000000.png')) as im:
        w, h = im.size
    with Image.open(osp.join(full, 'preview.png')) as im:
        assert im.size == (3 * w, 8 * h)
    assert 'preview.png' in _files(killed)


def test_missing_checkpoint_is_named(demo_spade, tmp_path):
    cfg, _ = demo_spade
    proc = run_tool('tools/synthesize.py', cfg, str(tmp_path / 'no.pth'),
                    '--out', str(tmp_path / 'o'), check=False)
    assert proc.returncode != 0 and 'no.pth' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_paste_options_are_checked_and_recorded(demo_root, demo_spade,
                                                tmp_path):
    cfg, ckpt = demo_spade
    out = str(tmp_path / 'rare')
    proc = run_tool('tools/synthesize.py', cfg, ckpt, '--paste-prob', '2',
                    *synthesize_options(demo_root, out), check=False)
    assert proc.returncode != 0 and '--paste-prob must be in [0, 1]' in \
        proc.stderr and not osp.exists(out)
    run_tool('tools/synthesize.py', cfg, ckpt, '--rare-classes', '3', '5',
             '--paste-prob', '1', '--max-instances', '6',
             *synthesize_options(demo_root, out, num=2))
    with open(osp.join(out, 'manifest.json')) as f:
        manifest = json.load(f)
    assert manifest['label_augment'] == dict(rare_classes=[3, 5],
                                             paste_prob=1.0, max_instances=6)
    # the config overrides are recorded beside the config's checksum
    assert manifest['generator_cfg_options'][
        'train_dataloader.dataset.data_root'] == demo_root
    # geometric layouts (vessel trees): recorded when on, refused alone
    geo = str(tmp_path / 'geo')
    run_tool('tools/synthesize.py', cfg, ckpt, '--paste-prob', '0',
             '--label-vflip', '0.5', '--label-rotate', '30',
             '--label-elastic', '4', '8',
             *synthesize_options(demo_root, geo, num=2))
    with open(osp.join(geo, 'manifest.json')) as f:
        augment = json.load(f)['label_augment']
    assert (augment['vflip_prob'], augment['max_rotate_degree'],
            augment['elastic_displacement'], augment['elastic_sigma']) == (
                0.5, 30.0, 4.0, 8.0)
    options = synthesize_options(demo_root, str(tmp_path / 'no'))
    options.remove('--label-augment')
    proc = run_tool('tools/synthesize.py', cfg, ckpt, '--label-rotate', '30',
                    *options, check=False)
    assert proc.returncode != 0 and 'need --label-augment' in proc.stderr
