from .adversarial_segmentor import AdversarialSegmentor

__all__ = ['AdversarialSegmentor']
