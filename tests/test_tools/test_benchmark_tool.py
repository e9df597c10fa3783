"""tools/benchmark.py (the speed harness) in a reduced mode."""
import os.path as osp
import re

import pytest
import torch
from conftest import DEMO_SEG_CFG, REPO, run_tool, synthesize_options

pytestmark = pytest.mark.slow

CGAN = osp.join(REPO, 'configs', 'demo',
                'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


def test_reduced_run_prints_and_appends_ratios(demo_root, demo_spade,
                                               tmp_path):
    gan_cfg, gan_ckpt = demo_spade
    synthetic = str(tmp_path / 'synthetic')
    run_tool('tools/synthesize.py', gan_cfg, gan_ckpt,
             *synthesize_options(demo_root, synthetic, num=4))
    out = tmp_path / 'bench.md'
    out.write_text('# before\n')
    proc = run_tool(
        'tools/benchmark.py', '--seg-config', DEMO_SEG_CFG, '--synthetic',
        synthetic, '--gan-config', gan_cfg, '--gan-checkpoint', gan_ckpt,
        '--cgan-config', CGAN, '--data-root', demo_root, '--iters', '2',
        '--warmup', '1', '--synth-num', '4', '--batch-size', '2', '--out',
        str(out))
    text = out.read_text()
    assert text.startswith('# before\n')  # appended, not overwritten

    def row(name):  # (value, ratio) of the table row named `name`
        line = next(ln for ln in text.splitlines()
                    if ln.startswith(f'| {name} |'))
        cells = [c.strip() for c in line.strip(' |').split('|')]
        assert len(cells) == 3, line
        return float(cells[1]), float(cells[2])

    def assert_ratio(value, base, ratio, what):
        """ratio == value / base, within the rounding of the printed
        values (3 decimals for times and ratios, 2 for images / s)."""
        step = 0.0005 if what == 'time' else 0.005
        low = (value - step) / (base + step) - 0.0005
        high = (value + step) / max(base - step, 1e-9) + 0.0005
        assert low <= ratio <= high, (what, value, base, ratio)

    base_time, base_ratio = row('baseline')
    assert base_ratio == 1.0 and base_time > 0
    for name in ('GAN-aug offline', 'GAN-aug online', 'cGAN'):
        t, ratio = row(name)
        assert t > 0
        assert_ratio(t, base_time, ratio, 'time')
    bare_ips, bare_ratio = row('bare render loop (no files)')
    assert bare_ratio == 1.0 and bare_ips > 0
    tool_ips, tool_ratio = row('tools/synthesize.py API (files, checksums)')
    assert tool_ips > 0
    assert_ratio(tool_ips, bare_ips, tool_ratio, 'images / s')
    assert re.search(r'\| baseline \| [\d.]+ \| 1\.000 \|', text)
    assert 'peak resident memory' in text
    assert '| baseline |' in proc.stdout and 'appended to' in proc.stdout


def test_amp_speed_reduced_run(demo_root):
    spade = osp.join(REPO, 'configs', 'demo',
                     'spade_1xb4-300_demo-cityscapes-64x128.py')
    proc = run_tool('tools/benchmarks/amp_speed.py', spade, '--data-root',
                    demo_root, '--batch-size', '2', '--iters', '2',
                    '--warmup', '1')
    row = next(ln for ln in proc.stdout.splitlines()
               if ln.startswith('| spade_1xb4-300'))
    assert '| fp32 |' in row and '| 1.00 |' in row and row.endswith('yes |')
    if not torch.cuda.is_available():
        assert 'AMP rows skipped' in proc.stdout


def test_noise_grid_draws_a_row_per_map_and_synthesizer(demo_root, demo_spade,
                                                        tmp_path):
    import cv2
    gan_cfg, gan_ckpt = demo_spade
    out = str(tmp_path / 'grid.png')
    spec = f'{gan_cfg}:{gan_ckpt}'
    proc = run_tool('tools/benchmarks/noise_grid.py', out, f'a={spec}',
                    f'b={spec}', '--maps', '2', '--samples', '3',
                    '--cfg-options',
                    f'test_dataloader.dataset.data_root={demo_root}')
    grid = cv2.imread(out)
    # 2 maps x 2 synthesizers rows of 64 px; label + 3 samples of 128 px
    assert grid.shape == (4 * 64, 4 * 128, 3)
    assert '2 label maps x 2 synthesizers x 3 samples' in proc.stdout
    bad = run_tool('tools/benchmarks/noise_grid.py', out, spec, check=False)
    assert bad.returncode != 0 and 'NAME=CONFIG:CHECKPOINT' in bad.stderr
