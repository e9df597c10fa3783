"""tools/benchmarks/pseudo_labels.py: how right the semi mode's pseudo-labels
are, against the labels training withholds."""
import json
import os.path as osp

import numpy as np
from conftest import REPO, run_tool
from mmengine.config import Config
from mmengine.runner import Runner

TOOL = osp.join('tools', 'benchmarks', 'pseudo_labels.py')
SEMI = osp.join(REPO, 'configs', 'demo',
                'cgan-semi_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')


def test_selected_pixels_are_a_subset_that_follows_the_rule(demo_root,
                                                            tmp_path):
    cfg = Config.fromfile(SEMI)
    cfg.work_dir = str(tmp_path / 'run')
    cfg.train_dataloader.dataset.labeled.data_root = demo_root
    cfg.train_dataloader.update(batch_size=2, num_workers=0,
                                persistent_workers=False)
    cfg.train_cfg.max_iters = 1
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.default_hooks.checkpoint.interval = 1
    Runner.from_cfg(cfg).train()
    cfg_file = str(tmp_path / 'semi.py')
    cfg.dump(cfg_file)
    ckpt = osp.join(cfg.work_dir, 'iter_1.pth')

    def counts(name, *opts):
        out = str(tmp_path / f'{name}.json')
        proc = run_tool(TOOL, cfg_file, ckpt, '--max-images', 3,
                        '--json', out, *opts)
        assert 'pseudo-label accuracy' in proc.stdout
        with open(out) as f:
            return json.load(f)

    top = counts('top')
    everything = counts('everything', '--share', 1.0)
    by_softmax = counts('softmax', '--rank', 'softmax')
    sel, all_ = (np.array(top[k]) for k in ('confusion_selected',
                                            'confusion_all'))
    assert top['images'] == 3 and 'by discriminator' in top['rule']
    assert (sel <= all_).all() and 0 < sel.sum() < all_.sum()
    # the withheld labels and the predictions do not depend on the rule
    assert everything['confusion_all'] == top['confusion_all'] == \
        by_softmax['confusion_all']
    assert everything['confusion_selected'] == everything['confusion_all']
    assert everything['accuracy_selected'] == everything['accuracy_all']
    assert by_softmax['confusion_selected'] != top['confusion_selected']


def test_a_config_without_withheld_labels_is_refused():
    cfg = osp.join(REPO, 'configs', 'demo',
                   'cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py')
    proc = run_tool(TOOL, cfg, 'missing.pth', check=False)
    assert proc.returncode == 1
    assert 'SemiSupervisedSegDataset' in proc.stderr
