from .adversarial_optim_wrapper_constructor import (
    AdversarialOptimWrapperConstructor,
)

__all__ = ['AdversarialOptimWrapperConstructor']
