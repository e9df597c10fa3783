from .adversarial_optim_wrapper_constructor import (
    AdversarialOptimWrapperConstructor,
    check_optim_wrapper,
)

__all__ = ['AdversarialOptimWrapperConstructor', 'check_optim_wrapper']
