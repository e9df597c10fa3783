"""mmseg-gan: deep generative models for semantic segmentation.

Importing this package registers every mmseg-gan module into mmsegmentation's
registries (``mmseg.registry``) and lets mmengine load Runner checkpoints
under ``torch.load(weights_only=True)`` (PyTorch >= 2.6).
"""
from .utils.safe_checkpoint import install_safe_checkpoint_loading
from .version import __version__

install_safe_checkpoint_loading()

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
