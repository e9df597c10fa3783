"""Optional spectral normalization of a layer."""
import torch.nn as nn


def maybe_spectral_norm(module: nn.Module, enabled: bool) -> nn.Module:
    """Wrap ``module`` in spectral normalization (Miyato et al. 2018) if
    ``enabled``.

    Uses ``nn.utils.spectral_norm``: until the first forward pass
    ``module.weight`` shares storage with the trained ``weight_orig``, so
    mmengine's in-place weight initialisers still reach it.

    Args:
        module: A layer with a ``weight`` (conv or linear).
        enabled: Whether to normalize it.

    Returns:
        ``module``, normalized or as it was.
    """
    return nn.utils.spectral_norm(module) if enabled else module
