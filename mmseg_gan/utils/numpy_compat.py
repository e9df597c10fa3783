"""Let mmagic 1.2.0 import under NumPy 2.

NumPy 2 removed the ``np.bool8`` alias, which ``mmagic.utils.trans_utils``
uses at import time; it is the one NumPy-2 break in the mmagic, mmseg,
mmengine and mmcv versions pinned here. GPU images ship NumPy 2 (with pandas
and OpenCV built against it), so the offline kit keeps the node's NumPy and
this alias is restored instead. NumPy 1.x is left untouched.
"""
import numpy as np


def restore_numpy_aliases() -> None:
    """Define ``np.bool8`` as ``np.bool_`` where NumPy no longer has it."""
    if int(np.__version__.split('.')[0]) >= 2 and 'bool8' not in vars(np):
        np.bool8 = np.bool_
