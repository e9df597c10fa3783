from .adversarial_head import AdversarialHead

__all__ = ['AdversarialHead']
