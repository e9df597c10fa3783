"""Load mmengine checkpoints under ``torch.load(weights_only=True)``.

PyTorch >= 2.6 loads with ``weights_only=True`` by default, and mmengine
0.10.7 checkpoints carry a few non-tensor Python objects (the message hub's
``HistoryBuffer`` and the numpy arrays / scalars inside it), so resuming and
``tools/test.py`` fail with ``Unsupported global: ...HistoryBuffer``.

The fix keeps ``weights_only`` on. Every loader registered in mmengine's
``CheckpointLoader`` is wrapped so that, only while it runs, exactly the types
that mmengine writes into a checkpoint are allow-listed through
``torch.serialization.safe_globals``. Other ``torch.load`` calls in the
process are not widened, and a checkpoint carrying any other global (e.g. an
``os.system`` call via ``__reduce__``) is still refused.
"""
import functools
import pickle
import re
from typing import Any, Callable, List

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader

_WRAPPED_FLAG = '_mmseg_gan_safe_globals'


def _numpy_globals() -> List[object]:
    """Globals that numpy arrays, dtypes and scalars pickle to."""
    try:  # numpy >= 2.0
        multiarray = np._core.multiarray
    except AttributeError:  # numpy 1.x
        multiarray = np.core.multiarray
    items: List[object] = [
        multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype
    ]
    # numpy >= 1.25 pickles dtypes through their concrete classes
    # (numpy.dtypes.Float64DType, ...).
    dtypes = getattr(np, 'dtypes', None)
    if dtypes is not None:
        for name in dir(dtypes):
            obj = getattr(dtypes, name)
            if isinstance(obj, type) and issubclass(obj, np.dtype):
                items.append(obj)
    return items


def _history_buffer_getattr(obj: Any, name: str) -> Any:
    """``getattr`` limited to HistoryBuffer's statistics methods.

    A pickled ``HistoryBuffer`` refers to its statistics methods
    (``min``, ``mean``, ...) as ``getattr(HistoryBuffer, 'min')``; nothing
    else may be reached through ``getattr``.
    """
    allowed = {'min', 'max', 'mean', 'current'}
    allowed.update(HistoryBuffer._statistics_methods)  # user-registered
    if obj is HistoryBuffer and name in allowed:
        return getattr(obj, name)
    raise pickle.UnpicklingError(
        f'refusing getattr({obj!r}, {name!r}) while loading a checkpoint: '
        'only HistoryBuffer statistics methods are allowed')


def mmengine_checkpoint_globals() -> List[Any]:
    """Return the non-tensor globals that mmengine Runner checkpoints hold.

    Returns:
        list: Classes and functions (or ``(function, qualified_name)``
        pairs) to allow-list while unpickling.
    """
    return [HistoryBuffer, (_history_buffer_getattr, 'builtins.getattr')
            ] + _numpy_globals()


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint holds Python objects that loading weights never needs."""


def _with_safe_globals(loader: Callable) -> Callable:

    @functools.wraps(loader)
    def wrapped(filename, *args, **kwargs):
        try:
            with torch.serialization.safe_globals(
                    mmengine_checkpoint_globals()):
                return loader(filename, *args, **kwargs)
        except pickle.UnpicklingError as e:
            # torch's message suggests weights_only=False, i.e. running
            # whatever the file pickles; name the file and the object instead
            found = re.search(r'(?:unsupported )?GLOBAL (\S+)|refusing '
                              r'(getattr\(.*\)) while', str(e),
                              flags=re.IGNORECASE)
            what = (found.group(1) or found.group(2)) if found else \
                'an object'
            raise UnsafeCheckpointError(
                f'checkpoint {filename} refused: it holds {what}, which is '
                'not tensors or mmengine training state; loading it could '
                'run code. Use checkpoints written by mmengine from sources '
                'you trust') from None

    setattr(wrapped, _WRAPPED_FLAG, True)
    return wrapped


def install_safe_checkpoint_loading() -> None:
    """Wrap every scheme of mmengine's ``CheckpointLoader`` (idempotent).

    Uses mmengine's public ``CheckpointLoader.register_scheme(force=True)``;
    no installed file is modified.
    """
    if not hasattr(torch.serialization, 'safe_globals'):
        return  # torch < 2.5: weights_only is off by default, nothing to do.
    for prefix, loader in list(CheckpointLoader._schemes.items()):
        if getattr(loader, _WRAPPED_FLAG, False):
            continue
        CheckpointLoader.register_scheme(
            prefixes=prefix, loader=_with_safe_globals(loader), force=True)
