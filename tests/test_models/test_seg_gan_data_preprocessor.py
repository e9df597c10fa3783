import pytest
import torch
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample


def _data(labels, path='a/b/frame_labelTrainIds.png'):
    samples = []
    for lbl in labels:
        s = SegDataSample(metainfo=dict(seg_map_path=path))
        s.gt_sem_seg = PixelData(data=lbl[None])
        samples.append(s)
    imgs = [torch.randint(0, 256, (3, *lbl.shape), dtype=torch.uint8)
            for lbl in labels]
    return dict(inputs=imgs, data_samples=samples)


def test_outputs_image_range_labels_and_onehot():
    pre = MODELS.build(dict(type='SegGANDataPreprocessor', num_classes=4))
    lbl = torch.tensor([[0, 1], [3, 255]], dtype=torch.uint8)
    out = pre(_data([lbl, lbl]), training=True)
    inputs = out['inputs']
    assert inputs['img'].shape == (2, 3, 2, 2)
    assert inputs['img'].min() >= -1 and inputs['img'].max() <= 1
    assert inputs['label'].dtype == torch.long
    assert inputs['seg'].shape == (2, 4, 2, 2)
    assert inputs['seg'][0, :, 1, 1].sum() == 0  # ignore -> all zeros
    assert inputs['seg'][0, 3, 1, 0] == 1
    back = pre.destruct(inputs['img'])
    assert back.min() >= 0 and back.max() <= 255


def test_out_of_range_label_names_file_and_value():
    pre = MODELS.build(dict(type='SegGANDataPreprocessor', num_classes=4))
    bad = torch.tensor([[0, 7], [1, 255]], dtype=torch.uint8)
    with pytest.raises(ValueError) as err:
        pre(_data([bad], path='data/x/bad_labelTrainIds.png'), training=True)
    msg = str(err.value)
    assert 'bad_labelTrainIds.png' in msg and 'label value 7' in msg
    assert 'num_classes=4' in msg
