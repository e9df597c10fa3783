from .vgg_perceptual_loss import VGGPerceptualLoss, load_vgg19_features

__all__ = ['VGGPerceptualLoss', 'load_vgg19_features']
