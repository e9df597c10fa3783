"""tools/leaderboard.py on work dirs of short real training runs."""
import csv
import glob
import json
import os.path as osp

import pytest
from conftest import DEMO_SEG_CFG, REPO, run_tool, small_seg_options
from PIL import Image

pytestmark = pytest.mark.slow

CGAN = osp.join(REPO, 'configs', 'demo',
                'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


def _final_val(work_dir, metric='mIoU'):
    recs = []
    for path in sorted(glob.glob(
            osp.join(work_dir, '*', 'vis_data', 'scalars.json'))):
        with open(path) as f:
            recs += [json.loads(x) for x in f if f'"{metric}"' in x]
    return recs[-1]


@pytest.fixture(scope='module')
def runs(demo_root, demo_unet, tmp_path_factory):
    """Baseline seeds 0 and 1, one cGAN run, the resumed demo_unet run."""
    root = tmp_path_factory.mktemp('board')
    dirs = {}
    for name, cfg, seed in (('base_s0', DEMO_SEG_CFG, 0),
                            ('base_s1', DEMO_SEG_CFG, 1),
                            ('cgan_s0', CGAN, 0)):
        dirs[name] = str(root / name)
        run_tool('tools/train.py', cfg,
                 *small_seg_options(demo_root, dirs[name], max_iters=2),
                 f'randomness.seed={seed}')
    dirs['resumed'] = demo_unet[0]
    return root, dirs


def test_table_csv_png_hold_the_runs_numbers(runs, tmp_path):
    root, dirs = runs
    out_csv, out_png, out_md = (str(tmp_path / f'board.{e}')
                                for e in ('csv', 'png', 'md'))
    proc = run_tool('tools/leaderboard.py', str(root / '*'),
                    dirs['resumed'], str(tmp_path), '--per-class',
                    '--csv', out_csv, '--png', out_png, '--md', out_md)
    # tmp_path (no config) is skipped with its reason, not fatal
    assert 'skipped' in proc.stderr and 'no dumped config' in proc.stderr
    table = proc.stdout
    assert open(out_md).read().strip() == table.strip()
    v0, v1 = (_final_val(dirs[k])['mIoU'] for k in ('base_s0', 'base_s1'))
    vc = _final_val(dirs['cgan_s0'])['mIoU']
    lines = [ln for ln in table.splitlines() if ln.startswith('| ')]
    cgan_row = next(ln for ln in lines if ln.startswith('| cGAN '))
    assert f'| {vc:.2f} |' in cgan_row and '| 0.01 |' in cgan_row
    # the two seeds of the baseline are one row with mean ± std
    mean = (v0 + v1) / 2
    std = abs(v0 - v1) / 2 ** 0.5
    seeds_row = next(ln for ln in lines if '2 (0,1)' in ln)
    assert f'{mean:.2f} ± {std:.2f}' in seeds_row
    assert '| road |' in lines[0]  # per-class columns
    # the resumed run: 4 iterations, its own row
    assert '| 4 it x 2 |' in table and '| 2 it x 2 |' in table
    with open(out_csv) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    by_dir = {r['work_dir']: r for r in rows}
    assert float(by_dir[dirs['base_s1']]['mIoU']) == v1
    assert by_dir[dirs['cgan_s0']]['method'] == 'cGAN'
    assert by_dir[dirs['resumed']]['iters'] == '4'
    assert 'IoU.road' in rows[0]
    with Image.open(out_png) as im:
        assert im.size[0] > 100 and im.size[1] > 100


def test_bar_labels_name_what_tells_bars_apart(runs):
    from mmseg_gan.benchmark import bar_labels, collect_run, group_runs
    _, dirs = runs
    base = [collect_run(dirs[k]) for k in ('base_s0', 'base_s1')]
    # the baseline seeds alone: one bar, nothing to tell apart
    (label, ) = bar_labels(group_runs(base))
    assert 'it x' not in label and 'λ_adv' not in label
    entries = group_runs(
        base + [collect_run(dirs[k]) for k in ('resumed', 'cgan_s0')])
    labels = {r.work_dir: label
              for e, label in zip(entries, bar_labels(entries))
              for r in e.runs}
    # same method, backbone and labels: only the schedule tells them apart
    assert '\n2 it x 2' in labels[dirs['base_s0']]
    assert '\n4 it x 2' in labels[dirs['resumed']]
    assert 'λ_adv 0.01' in labels[dirs['cgan_s0']]
    assert 'λ_adv' not in labels[dirs['base_s0']]
    assert len(set(labels.values())) == len(entries)


def test_key_metric_other_than_miou(demo_root, tmp_path):
    """DRIVE's runs report mDice and vessel/Dice, not mIoU: --metric."""
    work_dir = str(tmp_path / 'dice_s0')
    run_tool('tools/train.py', DEMO_SEG_CFG,
             *small_seg_options(demo_root, work_dir),
             'val_evaluator.iou_metrics=[mDice]')
    val = _final_val(work_dir, 'mDice')
    out_csv = str(tmp_path / 'board.csv')
    proc = run_tool('tools/leaderboard.py', work_dir, check=False)
    assert proc.returncode != 0  # the default key metric is not there
    assert "no validation result with 'mIoU'" in proc.stderr
    proc = run_tool('tools/leaderboard.py', work_dir, '--metric', 'mDice',
                    '--per-class', '--csv', out_csv)
    header, _, row = proc.stdout.splitlines()[:3]
    cells = [c.strip() for c in header.split('|')]
    assert cells[10:13] == ['mDice', 'mAcc', 'aAcc']
    assert 'best mDice' in cells and 'mIoU' not in cells
    assert f'| {val["mDice"]:.2f} |' in row
    with open(out_csv) as f:
        (rec, ) = list(csv.DictReader(f))
    assert float(rec['mDice']) == val['mDice']
    assert float(rec['best_mDice']) == val['mDice']
    assert 'Dice.road' in rec and 'IoU.road' not in rec  # per-class Dice
    # the same validations against iterations (val_interval 2: one)
    out_md, out_png = str(tmp_path / 'curve.md'), str(tmp_path / 'c.png')
    proc = run_tool('tools/analysis_tools/val_curve.py', work_dir,
                    '--metrics', 'mDice', 'aAcc', '--md', out_md,
                    '--png', out_png)
    assert proc.stdout.splitlines()[0] == '| iteration | mDice | aAcc |'
    assert proc.stdout.splitlines()[2] == (
        f'| 2 | {val["mDice"]:g} | {val["aAcc"]:g} |')
    assert open(out_md).read().strip() == proc.stdout.strip()
    with Image.open(out_png) as im:
        assert im.size[0] > 100
    proc = run_tool('tools/analysis_tools/val_curve.py', work_dir,
                    '--metrics', 'mIoU', check=False)
    assert proc.returncode != 0 and "with 'mIoU'" in proc.stderr


def test_nothing_readable_is_a_clear_error(tmp_path):
    proc = run_tool('tools/leaderboard.py', str(tmp_path / 'nope'),
                    check=False)
    assert proc.returncode == 1
    assert 'does not exist' in proc.stderr
    proc = run_tool('tools/leaderboard.py', str(tmp_path), check=False)
    assert proc.returncode == 1
    assert 'no training work dir with validation results' in proc.stderr


def test_synthetic_column_describes_the_folder(tmp_path):
    from mmseg_gan.benchmark import describe_synthetic
    manifest = dict(classes=['a'], palette=[[0, 0, 0]], files=[], num=752,
                    samples_per_label=16, label_augment=dict(
                        rare_classes=[2, 6], paste_prob=1.0, max_instances=6))
    with open(tmp_path / 'manifest.json', 'w') as f:
        json.dump(manifest, f)
    dataset = dict(synthetic=dict(data_root=str(tmp_path)))
    assert describe_synthetic(dataset) == \
        '752 pairs, 16/label map, label-aug, paste 2,6 x6 p1'
    # the defaults, and older manifests without the keys: no paste part
    for augment in (dict(rare_classes=[2], paste_prob=0.5, max_instances=3),
                    dict(rare_classes=[2])):
        manifest['label_augment'] = augment
        with open(tmp_path / 'manifest.json', 'w') as f:
            json.dump(manifest, f)
        assert describe_synthetic(dataset) == \
            '752 pairs, 16/label map, label-aug'
    # the synthesizer, from the config that rendered the folder
    manifest['generator_config'] = 'configs/synthesis/pix2pix_1xb4-1k.py'
    with open(tmp_path / 'manifest.json', 'w') as f:
        json.dump(manifest, f)
    assert describe_synthetic(dataset).startswith('pix2pix: 752 pairs')
    # class-wise filtering, set on the dataset that loads the folder
    dataset['synthetic']['ignore_classes'] = ['Tree', 8]
    assert describe_synthetic(dataset).endswith('label-aug, ignoring Tree,8')


@pytest.mark.parametrize('name, ratio', [
    ('gan-aug', 0.1), ('gan-aug-decay', '0.5→0'),
    ('gan-aug-pretrain', '1 then 0 at 500')])
def test_ratio_column_states_the_schedule(name, ratio):
    from mmengine.config import Config

    from mmseg_gan.benchmark import describe_run
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'gan_aug',
        f'{name}_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'))
    assert describe_run(cfg)['synthetic_ratio'] == ratio


@pytest.mark.parametrize('name, weight', [
    ('cgan', 0.01), ('cgan-warmup', '0 until 500, 0.01 from 1000')])
def test_adv_weight_column_states_the_warmup(name, weight):
    from mmengine.config import Config

    from mmseg_gan.benchmark import describe_run
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'cgan',
        f'{name}_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'))
    assert describe_run(cfg)['adv_weight'] == weight


def test_adv_weight_column_names_the_adaptive_lambda():
    from mmengine.config import Config

    from mmseg_gan.benchmark import describe_run
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'cgan',
        'cgan-warmup_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'))
    cfg.model.adversarial_head.adaptive_grad_ratio = 0.25
    assert describe_run(cfg)['adv_weight'] == \
        '0 until 500, adaptive r=0.25 from 1000'


def test_method_column_names_a_discriminator_other_than_hungs():
    from mmengine.config import Config

    from mmseg_gan.benchmark import describe_run
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'cgan',
        'cgan-warmup_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'))
    assert describe_run(cfg)['method'] == 'cGAN'
    cfg.merge_from_dict({
        'model.adversarial_head.discriminator.spectral_norm': True,
        'optim_wrapper.discriminator.optimizer.lr': 1e-5})
    assert describe_run(cfg)['method'] == 'cGAN, D: spectral norm, lr 1e-05'


def test_labelled_column_reads_the_split_inside_a_repeat_dataset():
    """mmseg's DRIVE set sits in a RepeatDataset: the split is its inner
    dataset's ann_file (the DRIVE protocol's low-label rows)."""
    from mmengine.config import Config

    from mmseg_gan.benchmark import describe_run
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'drive',
        'unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'))
    assert cfg.train_dataloader.dataset.type == 'RepeatDataset'
    assert describe_run(cfg)['labeled'] == 'full'
    cfg.merge_from_dict({'train_dataloader.dataset.dataset.ann_file':
                         'splits/train_5of20.txt'})
    assert describe_run(cfg)['labeled'] == 'train_5of20.txt'


def _record(config, method, labeled, miou, seed, schedule='1000 it x 4'):
    from mmseg_gan.benchmark import RunRecord
    return RunRecord(
        work_dir=f'{config}_{labeled}_{seed}', config_name=config,
        settings_key=f'{config}|{labeled}|{schedule}', seed=seed,
        method=method, backbone='UNet FCN', crop='128x160',
        schedule=schedule, synthetic_ratio=None, synthetic='-',
        adv_weight=None, labeled=labeled, iters=1000, wall_time_s=0.0,
        final=dict(mIoU=miou), best=dict(mIoU=miou))


def test_chart_panels_hold_each_methods_delta_to_its_split_baseline():
    from mmseg_gan.benchmark import draw_leaderboard, group_runs, split_panels
    base = 'unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160'
    cgan = 'cgan_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160'
    records = [
        _record(base, 'baseline', 'full', 38.0, 0),
        _record(base, 'baseline', 'full', 40.0, 1),
        _record(cgan, 'cGAN', 'full', 41.0, 0),
        _record(cgan, 'cGAN', 'full', 41.0, 1),
        _record(base, 'baseline', 'low.txt', 30.0, 0),
        _record(cgan, 'cGAN', 'low.txt', 29.0, 0),
        # a budget without a baseline run: absolute mIoU
        _record(cgan, 'cGAN', 'low.txt', 33.0, 0, schedule='2000 it x 4'),
    ]
    panels = split_panels(group_runs(records))
    assert len(panels) == 3
    # in the order of the entries' first appearance (by mIoU)
    full, longer, low = panels
    assert full.title.startswith('camvid-half, all labels, 1000 it x 4')
    assert full.baseline is full.entries[0]  # drawn first
    (b_mean, b_err), (c_delta, c_err) = full.bars()
    std = 2 ** 0.5  # stdev of 38 and 40
    assert b_mean == 0.0 and abs(b_err - std) < 1e-9
    assert c_delta == 2.0 and abs(c_err - std) < 1e-9  # hypot(0, std)
    assert 'labelled low' in low.title
    assert low.bars()[1] == (-1.0, 0.0)
    assert longer.baseline is None and 'absolute' in longer.title
    assert longer.bars() == [(33.0, 0.0)]
    fig = draw_leaderboard(group_runs(records))
    assert len(fig.axes) == 3
    width, _ = fig.get_size_inches()
    assert width <= 10
