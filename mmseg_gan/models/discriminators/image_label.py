"""Image + label-map discriminator with an image-level score (Luc et al.)."""
from typing import Optional

import torch
import torch.nn as nn
from mmseg.registry import MODELS
from torch import Tensor

from .class_map_discriminator import ClassMapDiscriminator


@MODELS.register_module()
class ImageLabelDiscriminator(ClassMapDiscriminator):
    """Luc et al. (2016) / s4GAN style: one real/fake score per
    ``(image, class map)`` pair.

    The image and the class map (one-hot or softmax) are concatenated;
    strided convolutions with LeakyReLU, global average pooling and a linear
    layer give the score.

    Args:
        num_classes: Class-map channels (the decode head's classes).
        in_channels: Image channels. Defaults to 3.
        base_channels: Width of the first layer. Defaults to 64.
        num_convs: Stride-2 convolutions. Defaults to 4.
        init_cfg: mmengine init config.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 num_convs: int = 4,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer=['Conv2d', 'Linear'], std=0.02)
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        layers, cin = [], num_classes + in_channels
        for i in range(num_convs):
            cout = base_channels * 2**min(i, 3)
            layers += [nn.Conv2d(cin, cout, 4, 2, 1), nn.LeakyReLU(0.2)]
            cin = cout
        self.net = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, 1)

    def forward(self, img: Tensor, seg: Tensor) -> Tensor:
        """Image-level logits ``(N, 1)``."""
        feat = self.net(torch.cat([img, seg.to(img.dtype)], dim=1))
        return self.fc(feat.mean(dim=(2, 3)))
