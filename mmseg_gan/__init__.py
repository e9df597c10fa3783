"""mmseg-gan: deep generative models for semantic segmentation.

Importing this package registers every mmseg-gan module into mmsegmentation's
registries (``mmseg.registry``) and lets mmengine load Runner checkpoints
under ``torch.load(weights_only=True)`` (PyTorch >= 2.6); under NumPy 2 it
restores the one alias mmagic 1.2.0 needs (``np.bool8``).
"""
from .utils.numpy_compat import restore_numpy_aliases
from .utils.safe_checkpoint import install_safe_checkpoint_loading
from .version import __version__

install_safe_checkpoint_loading()
restore_numpy_aliases()  # before anything imports mmagic (NumPy 2)

# Registration: importing the sub-packages runs their register_module calls.
from . import (  # noqa: E402,F401
    apis,
    datasets,
    engine,
    evaluation,
    models,
    utils,
)

__all__ = ['__version__', 'install_safe_checkpoint_loading']
