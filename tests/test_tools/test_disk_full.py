"""A full disk during a checkpoint save is one line naming the file."""
import glob
import os.path as osp
import subprocess

import pytest
from conftest import DEMO_SEG_CFG, run_tool, small_seg_options


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB tmpfs: room for logs and the config, not a checkpoint."""
    mnt = tmp_path / 'disk'
    mnt.mkdir()
    proc = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=4m', 'tmpfs',
                           str(mnt)], capture_output=True, text=True)
    if proc.returncode:
        pytest.skip(f'cannot mount a tmpfs here: {proc.stderr.strip()}')
    try:
        yield str(mnt)
    finally:
        subprocess.run(['umount', str(mnt)], check=True)


def test_disk_full_during_checkpoint_save_is_named(demo_root, small_disk):
    work_dir = osp.join(small_disk, 'run')
    proc = run_tool('tools/train.py', DEMO_SEG_CFG,
                    *small_seg_options(demo_root, work_dir, max_iters=2),
                    check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith('error: CheckpointWriteError: cannot write '
                           f'checkpoint {osp.join(work_dir, "iter_2.pth")}')
    assert f'MiB free in {work_dir}' in last and '--resume' in last
    # nothing partial left: neither the final name nor the temporary
    assert not glob.glob(osp.join(glob.escape(work_dir), '*.pth'))
    assert not glob.glob(osp.join(glob.escape(work_dir), '.*.tmp'))
