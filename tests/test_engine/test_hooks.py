import numpy as np
import torch

from mmseg_gan.engine.hooks import RNGStateHook
from mmseg_gan.utils import colorize_labels


def test_colorize_labels_uses_palette_and_blacks_out_ignore():
    out = colorize_labels(np.array([[0, 1], [255, 1]]), [[1, 2, 3],
                                                          [4, 5, 6]])
    assert out.dtype == np.uint8
    assert out[0, 0].tolist() == [1, 2, 3] and out[0, 1].tolist() == [4, 5,
                                                                      6]
    assert out[1, 0].tolist() == [0, 0, 0]


def test_rng_state_is_checkpointed_and_restored():
    """Unit check; test_resume_is_exact covers it end to end."""
    hook = RNGStateHook()
    ckpt = {}
    torch.manual_seed(3)
    hook.before_save_checkpoint(None, ckpt)
    expected = torch.rand(3)
    torch.manual_seed(4)
    hook.after_load_checkpoint(None, ckpt)
    hook.before_train_iter(None, 0)
    torch.testing.assert_close(torch.rand(3), expected)
