from .alternating_update import (
    AlternatingUpdateMixin,
    NonFiniteLossError,
    set_requires_grad,
)

__all__ = ['AlternatingUpdateMixin', 'NonFiniteLossError', 'set_requires_grad']
