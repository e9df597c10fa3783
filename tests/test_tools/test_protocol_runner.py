"""tools/benchmarks/protocol.py: the CamVid rows as dry runs (no training)."""
import importlib.util
import os.path as osp
import shlex

import pytest
from conftest import REPO, run_tool

TOOL = osp.join(REPO, 'tools', 'benchmarks', 'protocol.py')
TABLE = osp.join(REPO, 'tools', 'benchmarks', 'protocol_table.py')


def _table_module():
    spec = importlib.util.spec_from_file_location('protocol_table', TABLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dry_run(out, *rows, iters=8, seeds=(0, 1), env=None, protocol='camvid'):
    """The commands of a dry run, each as (argv without python, redirect)."""
    proc = run_tool(TOOL, protocol, *rows, '--dry-run', '--out', str(out),
                    '--iters', str(iters), '--seeds', *map(str, seeds),
                    env=env)
    cmds = []
    for line in proc.stdout.splitlines():
        words = shlex.split(line)
        cut = next((i for i, w in enumerate(words)
                    if w in ('>>', '>', '>&2', '|')), len(words))
        cmds.append((words[1:cut], words[cut:]))
    return cmds, proc.stderr


def work_dirs(cmds, tool='tools/train.py'):
    return [argv[argv.index('--work-dir') + 1] for argv, _ in cmds
            if argv[0] == tool]


def test_rows_train_each_seed_into_their_work_dirs(tmp_path):
    cmds, _ = dry_run(tmp_path, 'full', 'low')
    assert work_dirs(cmds) == [f'{tmp_path}/{row}_seed{seed}'
                               for row in ('full', 'low') for seed in (0, 1)]
    split = [argv for argv, _ in cmds
             if argv[0].endswith('make_labeled_split.py')]
    assert split == [[
        'tools/dataset_converters/make_labeled_split.py',
        'configs/baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py',
        '--fraction', '0.125', '--seed', '0', '--out',
        f'{tmp_path}/splits/low.txt', '--stretch']]
    low0 = cmds[-3][0]  # low_seed0: the protocol's options, then the row's
    assert low0[low0.index('--cfg-options') + 1:] == [
        'randomness.seed=0', 'train_cfg.max_iters=8',
        'train_cfg.val_interval=8', 'default_hooks.checkpoint.interval=8',
        'default_hooks.logger.interval=50',
        f'train_dataloader.dataset.ann_file={tmp_path}/splits/low.txt']
    assert cmds[-3][1] == ['>>', f'{tmp_path}/low_seed0.log', '2>&1']
    assert cmds[-1][0][:2] == ['tools/leaderboard.py', f'{tmp_path}/*']
    assert list(tmp_path.iterdir()) == []  # a dry run writes nothing


def test_synthesizer_steps_and_iteration_templates(tmp_path):
    cmds, _ = dry_run(tmp_path, 'full', 'gan-aug-pretrain-low',
                      'low-pretrain-control', seeds=(0, ))
    assert work_dirs(cmds) == [
        f'{tmp_path}/full_seed0', f'{tmp_path}/spade-low',
        f'{tmp_path}/gan-aug-pretrain-low_seed0',
        f'{tmp_path}/low-pretrain-control_seed0']
    # seg-score runs once the reference (full_seed0, earlier) exists
    score = next(c for c in cmds if c[0][0] == 'tools/test.py')
    assert score[0][-2] == ('test_evaluator.segmentor_checkpoint='
                            f'{tmp_path}/full_seed0/iter_8.pth')
    assert score[1][:2] == ['>', f'{tmp_path}/spade-low/segscore.log.part']
    assert score[1][-3:] == ['mv', f'{tmp_path}/spade-low/segscore.log.part',
                             f'{tmp_path}/spade-low/segscore.log']
    render = next(c for c in cmds if c[0][0] == 'tools/synthesize.py')
    assert render[0][3:12] == [
        '--out', f'{tmp_path}/synthetic-low', '--samples-per-label', '4',
        '--label-augment', '--seed', '0', '--cfg-options',
        f'train_dataloader.dataset.ann_file={tmp_path}/splits/low.txt']
    pretrain = cmds[-3][0]
    assert pretrain[-4:] == [
        f'train_dataloader.dataset.real.ann_file={tmp_path}/splits/low.txt',
        'train_dataloader.dataset.synthetic_ratio=0.5',
        f'train_dataloader.dataset.synthetic.data_root={tmp_path}'
        '/synthetic-low', 'train_dataloader.batch_sampler.end=2']  # ITERS / 4
    assert 'train_cfg.max_iters=6' in cmds[-2][0]  # 3/4 of ITERS


def test_done_runs_are_skipped_and_interrupted_ones_resume(tmp_path):
    (tmp_path / 'full_seed0').mkdir()
    (tmp_path / 'full_seed0' / 'iter_8.pth').write_bytes(b'')
    (tmp_path / 'full_seed1').mkdir()
    (tmp_path / 'full_seed1' / 'last_checkpoint').write_text('iter_4.pth')
    (tmp_path / 'full_seed2').mkdir()
    (tmp_path / 'full_seed2' / 'last_checkpoint').write_text('')
    (tmp_path / 'low-half-control_seed0').mkdir()  # done at ITERS / 2
    (tmp_path / 'low-half-control_seed0' / 'iter_4.pth').write_bytes(b'')
    cmds, err = dry_run(tmp_path, 'full', 'low-half-control',
                        seeds=(0, 1, 2))
    trains = [argv for argv, _ in cmds if argv[0] == 'tools/train.py']
    assert work_dirs(cmds) == [
        f'{tmp_path}/full_seed1', f'{tmp_path}/full_seed2',
        f'{tmp_path}/low-half-control_seed1',
        f'{tmp_path}/low-half-control_seed2']
    assert trains[0][4] == '--resume'  # a checkpoint to resume from
    assert '--resume' not in trains[1]  # an empty last_checkpoint: none
    assert f'{tmp_path}/full_seed0 done, skipped' in err
    assert f'{tmp_path}/low-half-control_seed0 done, skipped' in err


def test_environment_sets_the_defaults(tmp_path):
    proc = run_tool(TOOL, 'camvid', 'cgan-adaptive-warmup-full', '--dry-run',
                    env=dict(OUT=str(tmp_path), ITERS='40', SEEDS='3',
                             ADV_RATIO='0.5'))
    argv = shlex.split(proc.stdout.splitlines()[0])[1:]
    assert argv[argv.index('--work-dir') + 1] == (
        f'{tmp_path}/cgan-adaptive-warmup-full_seed3')
    assert argv[-6:] == ['model.adversarial_head.adv_start_iter=10',
                         'model.adversarial_head.adv_ramp_iters=10',
                         'model.adversarial_head.adaptive_grad_ratio=0.5',
                         '>>', f'{tmp_path}/cgan-adaptive-warmup-full_seed3'
                         '.log', '2>&1']


def test_unknown_row_is_one_error_line(tmp_path):
    proc = run_tool(TOOL, 'camvid', 'low', 'no-such-row', '--dry-run',
                    '--out', str(tmp_path), check=False)
    assert proc.returncode == 2 and proc.stdout == ''
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "'no-such-row'" in lines[0]
    assert 'gan-aug-low' in lines[0] and 'cgan-semi-low' in lines[0]


def test_list_and_the_shell_wrapper(tmp_path):
    listing = run_tool(TOOL, 'camvid', '--list').stdout
    names = list(_table_module().load_protocol('camvid').rows)
    assert [x for x in listing.splitlines() if not x.startswith(' ')] == names
    proc = run_tool('bash', 'tools/benchmarks/camvid_protocol.sh', 'low16',
                    '--dry-run', env=dict(OUT=str(tmp_path), SEEDS='0'))
    assert f'--out {tmp_path}/splits/low16.txt --stretch --fraction 0.0625' \
        in proc.stdout


def test_committed_splits_and_the_key_metric(tmp_path):
    """DRIVE: split lists from configs/drive/splits, vessel Dice board."""
    cmds, _ = dry_run(tmp_path, 'full', '5of20', seeds=(0, ),
                      protocol='drive')
    assert [argv[0] for argv, _ in cmds] == [
        'tools/train.py', 'tools/train.py', 'tools/leaderboard.py']
    split = osp.join(REPO, 'configs', 'drive', 'splits', 'train_5of20.txt')
    low = cmds[1][0]
    assert low[-1] == f'train_dataloader.dataset.dataset.ann_file={split}'
    assert low[1] == ('configs/drive/'
                      'unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py')
    board = cmds[-1][0]
    assert board[board.index('--metric') + 1] == 'vessel/Dice'
    assert list(tmp_path.iterdir()) == []


def test_templates():
    render = _table_module().render
    assert render('a={iters * 9 // 10} b={out}', dict(
        iters=1000, out='o')) == 'a=900 b=o'
    with pytest.raises(ValueError, match='cannot evaluate'):
        render('{iters / 2}', dict(iters=4))
