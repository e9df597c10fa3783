"""Import mmagic where it is used, not when ``mmseg_gan`` is imported.

mmagic pulls in diffusers and transformers (seconds of import time, and
FutureWarnings about torch internals that a user cannot act on). Only the
pix2pix / DCGAN generators, the PatchGAN discriminators and FID need it,
so they import it through :func:`import_mmagic` on first use; it is the
``[synthesis]`` extra of the package (a cGAN-only or offline GAN-aug user
does not need it).
"""
import importlib
import warnings
from types import ModuleType

from .numpy_compat import restore_numpy_aliases


def import_mmagic(module: str = 'mmagic.models') -> ModuleType:
    """Import an mmagic module (registering its models) quietly.

    Restores the NumPy-2 alias mmagic needs first, and keeps the
    FutureWarnings / DeprecationWarnings that mmagic, diffusers and
    transformers raise while importing off the terminal.

    Args:
        module: Dotted module name under ``mmagic``.

    Returns:
        The imported module.
    """
    restore_numpy_aliases()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', FutureWarning)
        warnings.simplefilter('ignore', DeprecationWarning)
        try:
            # registers mmagic's models
            importlib.import_module('mmagic.models')
        except ImportError as err:
            raise ImportError(
                f'{err}: the synthesis GANs (pix2pix / DCGAN generators, '
                'PatchGAN discriminators, FID) need mmagic; install the '
                "extra: pip install 'mmseg-gan[synthesis]'") from err
        return importlib.import_module(module)
