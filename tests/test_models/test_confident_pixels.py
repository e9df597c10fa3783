"""select_confident: the pixels the semi-supervised mode self-trains on."""
import pytest
import torch

from mmseg_gan.models.utils import select_confident


def test_share_threshold_and_class_balance():
    # class 0 is rated real everywhere, class 1 barely: a plain share of
    # 0.5 takes class 0 only, a class-balanced one half of each
    conf = torch.cat([torch.linspace(0.9, 1.0, 8),
                      torch.linspace(0.0, 0.1, 8)]).view(1, 4, 4)
    pred = torch.tensor([0] * 8 + [1] * 8).view(1, 4, 4)
    plain = select_confident(conf, pred, share=0.5)
    assert plain.sum() == 8 and (pred[plain] == 0).all()
    balanced = select_confident(conf, pred, share=0.5, class_balanced=True)
    for c in (0, 1):
        kept = balanced[pred == c]
        assert kept.sum() == 4
        # within a class the most confident are kept
        assert conf[pred == c][kept].min() >= conf[pred == c][~kept].max()
    assert select_confident(conf, pred, threshold=0.5).equal(conf > 0.5)
    with pytest.raises(ValueError, match='needs a share'):
        select_confident(conf, pred, class_balanced=True)
