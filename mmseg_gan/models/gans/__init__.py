from .alternating_update import (
                                 AlternatingUpdateMixin,
                                 NonFiniteLossError,
                                 set_requires_grad,
)
from .semantic_synthesis_gan import SemanticSynthesisGAN

__all__ = [
    'AlternatingUpdateMixin', 'NonFiniteLossError', 'SemanticSynthesisGAN',
    'set_requires_grad'
]
