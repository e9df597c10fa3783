import os
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner.checkpoint import CheckpointLoader, _load_checkpoint

import mmseg_gan  # noqa: F401


class _Exploit:
    """Pickles to a call of ``os.system`` (what a hostile checkpoint does)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f'touch {self.marker}', ))


class _GetattrProbe:
    """Pickles to ``getattr(HistoryBuffer, '__init__')`` (not allowed)."""

    def __reduce__(self):
        return (getattr, (HistoryBuffer, '__init__'))


def _mmengine_like_checkpoint():
    hub = MessageHub('safe_ckpt_test')
    hub.update_scalar('train/loss', 0.5)
    hub.update_scalar('train/lr', np.float64(0.01))
    hub.update_info('iter', 3)
    return dict(
        meta=dict(epoch=0, iter=3, seed=np.int64(7), cfg='x = 1'),
        state_dict={'w': torch.ones(2)},
        message_hub=hub.state_dict())


def test_mmengine_checkpoint_loads_through_checkpoint_loader(tmp_path):
    path = str(tmp_path / 'ckpt.pth')
    torch.save(_mmengine_like_checkpoint(), path)
    ckpt = _load_checkpoint(path, map_location='cpu')
    assert ckpt['meta']['iter'] == 3
    buf = ckpt['message_hub']['log_scalars']['train/loss']
    assert isinstance(buf, HistoryBuffer) and buf.current() == 0.5


def test_allow_list_is_scoped_to_mmengine_loading(tmp_path):
    """A bare torch.load elsewhere in the process is not widened."""
    path = str(tmp_path / 'ckpt.pth')
    torch.save(_mmengine_like_checkpoint(), path)
    with pytest.raises(pickle.UnpicklingError, match='Unsupported global'):
        torch.load(path, map_location='cpu')
    # and once the loader returned, nothing stays allow-listed
    assert HistoryBuffer not in torch.serialization.get_safe_globals()


def test_pickled_call_is_refused_and_not_run(tmp_path):
    marker = tmp_path / 'pwned'
    path = str(tmp_path / 'evil.pth')
    payload = _mmengine_like_checkpoint()
    payload['meta']['evil'] = _Exploit(marker)
    torch.save(payload, path)
    with pytest.raises(pickle.UnpicklingError, match='system') as info:
        CheckpointLoader.load_checkpoint(path, map_location='cpu')
    assert not marker.exists()
    # the message names the file and never suggests weights_only=False
    assert path in str(info.value) and 'refused' in str(info.value)
    assert 'weights_only' not in str(info.value)


def test_getattr_is_limited_to_history_buffer_statistics(tmp_path):
    path = str(tmp_path / 'probe.pth')
    payload = _mmengine_like_checkpoint()
    payload['meta']['probe'] = _GetattrProbe()
    torch.save(payload, path)
    with pytest.raises(pickle.UnpicklingError,
                       match=r'refused: it holds getattr\('):
        CheckpointLoader.load_checkpoint(path, map_location='cpu')


def test_install_is_idempotent():
    before = dict(CheckpointLoader._schemes)
    mmseg_gan.install_safe_checkpoint_loading()
    assert dict(CheckpointLoader._schemes) == before
