from .base_synthesis_gan import BaseSynthesisGAN
from .end_to_end_gan_aug import EndToEndGANAug
from .joint_synthesis_gan import JointSynthesisGAN
from .semantic_synthesis_gan import SemanticSynthesisGAN
from .synthesizer_loading import load_synthesizer

__all__ = [
    'BaseSynthesisGAN', 'EndToEndGANAug', 'JointSynthesisGAN',
    'SemanticSynthesisGAN', 'load_synthesizer'
]
