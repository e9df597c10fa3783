"""tools/benchmarks/confusion.py: what test predictions call each class."""
import json
import os.path as osp

import numpy as np
from conftest import DEMO_SEG_CFG, run_tool
from mmengine.config import Config
from mmseg.registry import DATASETS
from PIL import Image

TOOL = osp.join('tools', 'benchmarks', 'confusion.py')


def _write_predictions(demo_root, pred_dir):
    """The test set's own label maps as predictions; image 0 all class 0."""
    cfg = Config.fromfile(DEMO_SEG_CFG)
    cfg.test_dataloader.dataset.data_root = demo_root
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    pred_dir.mkdir()
    labels = []
    for i, info in enumerate(dataset.load_data_list()):
        gt = np.asarray(Image.open(info['seg_map_path']))
        pred = np.zeros_like(gt) if i == 0 else gt
        name = osp.splitext(osp.basename(info['img_path']))[0] + '.png'
        Image.fromarray(pred).save(pred_dir / name)
        labels.append(gt)
    return labels, len(dataset.metainfo['classes'])


def test_counts_each_true_class_by_its_prediction(demo_root, tmp_path):
    labels, n = _write_predictions(demo_root, tmp_path / 'pred')
    out = tmp_path / 'conf.json'
    proc = run_tool(TOOL, DEMO_SEG_CFG, tmp_path / 'pred', '--json', out,
                    '--md', tmp_path / 'conf.md', '--png',
                    tmp_path / 'conf.png', '--cfg-options',
                    f'test_dataloader.dataset.data_root={demo_root}')
    assert 'predicted as instead' in proc.stdout
    result = json.loads(out.read_text())
    m = np.array(result['confusion'])
    gt0 = labels[0][labels[0] < n]
    # image 0 predicted all class 0: its pixels sit in column 0
    expected = np.zeros((n, n), dtype=np.int64)
    np.add.at(expected, (gt0, 0), 1)
    for gt in labels[1:]:
        gt = gt[gt < n]
        np.add.at(expected, (gt, gt), 1)
    assert (m == expected).all()
    rows = {r['cls']: r for r in result['rows']}
    name0 = result['rows'][0]['cls']
    for c, r in enumerate(result['rows']):
        if c and (labels[0] == c).any():
            assert r['predicted_as'][0][0] == name0
            assert r['accuracy'] < 1
            assert r['precision'] in (1, None)  # None: never predicted
    assert rows[name0]['accuracy'] == 1 and rows[name0]['precision'] < 1
    assert (tmp_path / 'conf.md').read_text() in proc.stdout
    assert (tmp_path / 'conf.png').stat().st_size > 0


def test_a_missing_prediction_is_named_and_nothing_written(demo_root,
                                                         tmp_path):
    _write_predictions(demo_root, tmp_path / 'pred')
    missing = sorted((tmp_path / 'pred').iterdir())[-1]
    missing.unlink()
    proc = run_tool(TOOL, DEMO_SEG_CFG, tmp_path / 'pred', '--json',
                    tmp_path / 'conf.json', '--cfg-options',
                    f'test_dataloader.dataset.data_root={demo_root}',
                    check=False)
    assert proc.returncode == 1
    assert missing.name in proc.stderr and 'Traceback' not in proc.stderr
    assert not (tmp_path / 'conf.json').exists()
