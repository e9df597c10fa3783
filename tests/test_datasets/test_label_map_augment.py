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


def _stripes(h=48, w=80, width=10):
    """Vertical stripes of classes 0, 1, ... ``width`` pixels wide."""
    return np.repeat((np.arange(w) // width)[None].astype(np.uint8), h, 0)


def _plain(label, seed, **kwargs):
    return augment_label_map(label, np.random.default_rng(seed),
                             flip_prob=0.0, scale_range=(1.0, 1.0),
                             paste_prob=0.0, **kwargs)


def test_new_options_off_leave_the_maps_and_random_stream_as_before():
    label = _stripes()
    for seed in range(5):
        a, b = np.random.default_rng(seed), np.random.default_rng(seed)
        plain = augment_label_map(label, a)
        off = augment_label_map(label, b, vflip_prob=0.0,
                                max_rotate_degree=0.0,
                                elastic_displacement=0.0)
        assert np.array_equal(plain, off) and a.random() == b.random()


def test_vertical_flip_and_rotation():
    label = np.zeros((48, 80), np.uint8)
    label[:8] = 1  # a band on top
    assert (_plain(label, 0, vflip_prob=1.0)[-8:] == 1).all()
    rotated = [_plain(label, s, max_rotate_degree=45) for s in range(10)]
    for out in rotated:
        assert set(np.unique(out)) <= {0, 1, 255}
        assert out.shape == label.shape
    # the corners brought in from outside the map are ignored
    assert sum((out == 255).any() for out in rotated) >= 8


def test_elastic_shifts_each_pixel_by_at_most_the_displacement():
    label, d = _stripes(), 6
    for seed in range(3):
        out = _plain(label, seed, elastic_displacement=d, elastic_sigma=8)
        assert not np.array_equal(out, label)
        xs = np.arange(label.shape[1])
        lo = (np.clip(xs - d - 1, 0, None) // 10)[None]
        hi = (np.clip(xs + d + 1, None, label.shape[1] - 1) // 10)[None]
        ok = ((out >= lo) & (out <= hi)) | (out == 255)
        assert ok.all()
