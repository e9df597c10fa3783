"""check_checkpoint_fits / read_checkpoint: no silent random weights."""
import pytest
import torch
from torch import nn

from mmseg_gan.utils import (
    CheckpointMismatchError,
    CheckpointReadError,
    check_checkpoint_fits,
    error_line,
    read_checkpoint,
)


def _net(out=3):
    return nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8),
                         nn.Conv2d(8, out, 1))


def test_own_checkpoint_fits_and_extra_keys_are_returned(tmp_path):
    net = _net()
    state = dict(net.state_dict(), **{'disc.weight': torch.zeros(1)})
    path = str(tmp_path / 'ok.pth')
    torch.save({'state_dict': state}, path)
    assert check_checkpoint_fits(net, path) == ['disc.weight']


def test_other_models_checkpoint_is_refused_with_counts(tmp_path):
    path = str(tmp_path / 'other.pth')
    torch.save({'state_dict': {'generator.w': torch.zeros(2)}}, path)
    with pytest.raises(CheckpointMismatchError) as info:
        check_checkpoint_fits(_net(), path)
    msg = str(info.value)
    assert path in msg and '9 of its 9 weights are missing' in msg
    assert "1 checkpoint keys are unexpected (e.g. 'generator.w')" in msg


def test_shape_mismatch_is_refused(tmp_path):
    path = str(tmp_path / 'classes.pth')
    torch.save({'state_dict': _net(out=19).state_dict()}, path)
    with pytest.raises(CheckpointMismatchError,
                       match=r'2 have another shape .*checkpoint \(19, 8'):
        check_checkpoint_fits(_net(out=3), path)


def test_cut_short_file_is_named(tmp_path):
    path = tmp_path / 'cut.pth'
    torch.save({'state_dict': _net().state_dict()}, str(path))
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CheckpointReadError, match='cut.pth cannot be read'):
        read_checkpoint(str(path))


def test_error_line_takes_the_original_error_of_a_worker():
    wrapped = ValueError(
        'Caught ValueError in DataLoader worker process 0.\n'
        'Original Traceback (most recent call last):\n'
        '  File "x.py", line 1, in f\n'
        'ValueError: label map a.png holds value(s) 50')
    assert error_line(wrapped) == 'ValueError: label map a.png holds ' \
        'value(s) 50'
    assert error_line(KeyError('NoSuchHead is not in the mmseg::model '
                               'registry')).startswith('unknown type')
