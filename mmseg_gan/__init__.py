"""mmseg-gan: deep generative models for semantic segmentation.

Importing this package registers every mmseg-gan module into mmsegmentation's
registries (``mmseg.registry``) and lets mmengine load Runner checkpoints
under ``torch.load(weights_only=True)`` (PyTorch >= 2.6). mmagic (and with
it diffusers and transformers) is imported only by the parts that use it
(:func:`mmseg_gan.utils.mmagic_import.import_mmagic`).
"""
import warnings

# mmengine.optim imports transformers when it is installed, which warns about
# a torch internal at import; nothing a user of this package can act on.
with warnings.catch_warnings():
    warnings.filterwarnings(
        'ignore', message='.*_register_pytree_node', category=FutureWarning)
    from .utils.safe_checkpoint import install_safe_checkpoint_loading
    from .version import __version__

    install_safe_checkpoint_loading()
    # registration: importing the sub-packages runs their register_module
    from . import (  # noqa: F401
        apis,
        datasets,
        engine,
        evaluation,
        models,
        utils,
    )

__all__ = ['__version__', 'install_safe_checkpoint_loading']
