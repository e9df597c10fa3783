from .semantic_synthesis_gan import SemanticSynthesisGAN
from .synthesizer_loading import load_synthesizer

__all__ = ['SemanticSynthesisGAN', 'load_synthesizer']
