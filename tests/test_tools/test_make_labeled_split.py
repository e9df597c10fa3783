"""tools/dataset_converters/make_labeled_split.py: scattered and stretches."""
import importlib.util
import os.path as osp

import pytest
from conftest import DEMO_SEG_CFG, REPO, run_tool

TOOL = osp.join(REPO, 'tools', 'dataset_converters', 'make_labeled_split.py')


def _video_stretches():
    spec = importlib.util.spec_from_file_location('make_labeled_split', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.video_stretches


def test_one_contiguous_run_per_sequence():
    names = [f'seqA_{i:05d}' for i in range(40)] + [
        f'seqB_{i:05d}' for i in range(16)]
    assert _video_stretches()(['c/c_000000_19', 'c/c_000001_19'], 0.5,
                              0) in (['c/c_000000_19'], ['c/c_000001_19'])
    kept = _video_stretches()(names, 0.25, seed=3)
    a = [int(n[5:]) for n in kept if n.startswith('seqA')]
    b = [int(n[5:]) for n in kept if n.startswith('seqB')]
    assert len(a) == 10 and len(b) == 4
    assert a == list(range(a[0], a[0] + 10))  # consecutive frames
    assert b == list(range(b[0], b[0] + 4))
    assert kept == _video_stretches()(names, 0.25, seed=3)  # seeded


@pytest.mark.slow
@pytest.mark.parametrize('extra,kept', [([], 3), (['--stretch'], 4)])
def test_tool_writes_a_split_of_training_names(demo_root, tmp_path, extra,
                                               kept):
    # stretches: 2 consecutive of each city's 3 frames
    out = tmp_path / 'split.txt'
    proc = run_tool(TOOL, DEMO_SEG_CFG, '--fraction', '0.5', '--out',
                    str(out), *extra, '--cfg-options',
                    f'train_dataloader.dataset.data_root={demo_root}')
    names = out.read_text().split()
    assert len(names) == kept
    assert f'{kept} of 6 training images' in proc.stdout
    for name in names:
        assert osp.isfile(osp.join(demo_root, 'leftImg8bit', 'train',
                                   name + '_leftImg8bit.png'))


def test_fraction_outside_0_1_is_one_error_line(tmp_path):
    proc = run_tool(TOOL, DEMO_SEG_CFG, '--fraction', '1.5', '--out',
                    str(tmp_path / 's.txt'), check=False)
    assert proc.returncode != 0 and 'Traceback' not in proc.stderr
    assert 'error: --fraction must be in (0, 1), got 1.5' in proc.stderr
