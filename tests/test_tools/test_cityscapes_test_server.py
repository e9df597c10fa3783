"""The Cityscapes test-server recipe on the demo test split."""
import glob
import os.path as osp

import numpy as np
import pytest
from conftest import REPO, run_tool
from PIL import Image

pytestmark = pytest.mark.slow

SERVER = osp.join(REPO, 'configs', 'test_server',
                  'unet-s5-d16_fcn_demo-cityscapes_test-server.py')


def test_writes_label_ids_that_map_back_to_the_predictions(
        demo_root, demo_unet, tmp_path):
    import cityscapesscripts.helpers.labels as cs_labels
    from mmseg.apis import inference_model, init_model
    ckpt = osp.join(demo_unet[0], 'iter_4.pth')
    out = str(tmp_path / 'submission')
    run_tool('tools/test.py', SERVER, ckpt, '--work-dir',
             str(tmp_path / 'work'), '--cfg-options',
             f'test_dataloader.dataset.data_root={demo_root}',
             'test_dataloader.num_workers=0',
             'test_dataloader.persistent_workers=False',
             f'test_evaluator.output_dir={out}')
    images = sorted(glob.glob(
        osp.join(demo_root, 'leftImg8bit', 'test', '*', '*.png')))
    written = sorted(glob.glob(osp.join(out, '*.png')))
    assert [osp.basename(p) for p in written] == [
        osp.basename(p) for p in images]
    # labelIds -> trainIds must give back what the segmentor predicts
    id_to_train = np.full(256, 255, dtype=np.uint8)
    for label in cs_labels.labels:
        if 0 <= label.trainId < 255 and label.id >= 0:
            id_to_train[label.id] = label.trainId
    model = init_model(SERVER, ckpt, device='cpu')
    for img, sub in zip(images, written):
        label_ids = np.array(Image.open(sub))
        train_valid = {lb.id for lb in cs_labels.labels
                       if 0 <= lb.trainId < 255}
        assert set(np.unique(label_ids)) <= train_valid
        pred = inference_model(model, img).pred_sem_seg.data[0].numpy()
        np.testing.assert_array_equal(id_to_train[label_ids], pred)
