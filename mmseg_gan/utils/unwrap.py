"""The module inside a DDP-style wrapper."""
import torch.nn as nn
from mmengine.model import is_model_wrapper


def unwrap(module: nn.Module) -> nn.Module:
    """The module inside a DDP-style wrapper (or the module itself)."""
    return module.module if is_model_wrapper(module) else module
