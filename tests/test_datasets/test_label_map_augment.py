"""Label-map augmentation: how many rare-class instances get pasted."""
import cv2
import numpy as np

from mmseg_gan.datasets.transforms.label_map_augment import augment_label_map


def _donor(num_blobs=8, cls=7):
    """A 64x96 map of class 0 with ``num_blobs`` 5x5 squares of ``cls``."""
    donor = np.zeros((64, 96), np.uint8)
    for k in range(num_blobs):
        y, x = 4 + 14 * (k // 4), 4 + 22 * (k % 4)
        donor[y:y + 5, x:x + 5] = cls
    return donor


def _instances(label, cls=7):
    return cv2.connectedComponents((label == cls).astype(np.uint8))[0] - 1


def _augment(seed, **kwargs):
    label = np.zeros((64, 96), np.uint8)
    return augment_label_map(label, np.random.default_rng(seed),
                             donor=_donor(), rare_classes=[7],
                             flip_prob=0.0, scale_range=(1.0, 1.0), **kwargs)


def test_paste_prob_decides_how_often_instances_are_pasted():
    always = [_instances(_augment(s, paste_prob=1.0)) for s in range(20)]
    never = [_instances(_augment(s, paste_prob=0.0)) for s in range(20)]
    assert min(always) >= 1 and max(never) == 0
    half = [_instances(_augment(s, paste_prob=0.5)) > 0 for s in range(40)]
    assert 5 < sum(half) < 35


def test_max_instances_bounds_the_pasted_instances():
    # pasted squares may overlap and merge, so count at most, and more
    # pasting on average with a higher bound
    three = [_instances(_augment(s, paste_prob=1.0, max_instances=3))
             for s in range(20)]
    six = [_instances(_augment(s, paste_prob=1.0, max_instances=6))
           for s in range(20)]
    assert max(three) <= 3 and max(six) <= 6
    assert np.mean(six) > np.mean(three)
