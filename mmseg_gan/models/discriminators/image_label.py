"""Image + label-map discriminator with an image-level score (Luc et al.)."""
from typing import Callable, Dict, Optional, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

from .base_discriminator import Batch
from .class_map_discriminator import ClassMapDiscriminator


@MODELS.register_module()
class ImageLabelDiscriminator(ClassMapDiscriminator):
    """Luc et al. (2016) / s4GAN style: one real/fake score per
    ``(image, class map)`` pair.

    The image and the class map (one-hot or softmax) are concatenated;
    strided convolutions with LeakyReLU (and ``Dropout2d`` after all but
    the last, as s4GAN), global average pooling and a linear layer give
    the score.

    With ``feature_matching`` the segmentor is trained as in s4GAN (Mittal
    et al. 2019): instead of being scored "real", the batch mean of its
    class maps' pooled features should match the batch mean of the real
    maps' (L1). The real maps need not show the same images (s4GAN matches
    unlabeled predictions to labelled ground truth).

    Args:
        num_classes: Class-map channels (the decode head's classes).
        in_channels: Image channels. Defaults to 3.
        base_channels: Width of the first layer. Defaults to 64.
        num_convs: Stride-2 convolutions. Defaults to 4.
        dropout: ``Dropout2d`` probability after each convolution but the
            last (s4GAN: 0.5). Defaults to 0.
        feature_matching: Train the segmentor by feature matching (s4GAN)
            instead of the GAN term. Defaults to False.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 num_convs: int = 4,
                 dropout: float = 0.0,
                 feature_matching: bool = False,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer=['Conv2d', 'Linear'], std=0.02)
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0 <= dropout < 1:
            raise ValueError('ImageLabelDiscriminator: dropout must be in '
                             f'[0, 1), got {dropout}')
        self.num_classes = num_classes
        self.feature_matching = feature_matching
        layers, cin = [], num_classes + in_channels
        for i in range(num_convs):
            cout = base_channels * 2**min(i, 3)
            layers += [nn.Conv2d(cin, cout, 4, 2, 1), nn.LeakyReLU(0.2)]
            if dropout and i < num_convs - 1:
                layers.append(nn.Dropout2d(dropout))
            cin = cout
        self.net = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, 1)

    def forward(self, img: Tensor, seg: Tensor,
                return_features: bool = False
                ) -> Union[Tensor, Tuple[Tensor, Tensor]]:
        """Image-level logits ``(N, 1)``, and with ``return_features`` the
        pooled features ``(N, C)`` they are computed from."""
        feat = self.net(torch.cat([img, seg.to(img.dtype)], dim=1))
        feat = feat.mean(dim=(2, 3))
        logits = self.fc(feat)
        return (logits, feat) if return_features else logits

    def feature_matching_terms(self, real: Batch, fake: Batch,
                               forward: Optional[Callable] = None
                               ) -> Tuple[Tensor, Tensor]:
        """s4GAN's feature-matching loss and the logits on ``fake``.

        Args:
            real: The real batch (no gradients flow into it).
            fake: The segmentor's batch (with gradients).
            forward: Runs the network (the DDP wrapper); default ``self``.

        Returns:
            tuple: ``|mean_n f(real) - mean_n f(fake)|`` averaged over the
            channels, and the logits ``(N, 1)`` on ``fake``.
        """
        forward = forward or self
        logits, feat_fake = forward(fake['img'], fake['seg'],
                                    return_features=True)
        with torch.no_grad():
            _, feat_real = forward(real['img'], real['seg'],
                                   return_features=True)
        loss = F.l1_loss(feat_fake.mean(dim=0), feat_real.mean(dim=0))
        return loss, logits

    def loss_generator(self, real: Optional[Batch], fake: Batch,
                       forward: Optional[Callable] = None
                       ) -> Dict[str, Tensor]:
        """The GAN term, or with ``feature_matching`` s4GAN's
        ``loss_g_fm`` (which needs ``real``)."""
        if not self.feature_matching:
            return super().loss_generator(real, fake, forward)
        if real is None:
            raise ValueError('ImageLabelDiscriminator(feature_matching=True)'
                             ' needs the real batch in loss_generator')
        return dict(loss_g_fm=self.feature_matching_terms(
            real, fake, forward)[0])
