"""A small, deterministic, Cityscapes-layout dataset of drawn street scenes.

The real Cityscapes cannot be downloaded here, so the project draws its own:
procedural street scenes (sky, buildings, walls, vegetation, terrain, road,
sidewalk, fences, poles, traffic lights and signs, cars, trucks, buses, people,
riders and bicycles) with textures, lighting changes, blur and sensor noise,
written in the exact Cityscapes layout::

    {root}/leftImg8bit/{split}/{city}/{city}_{seq}_{frame}_leftImg8bit.png
    {root}/gtFine/{split}/{city}/{city}_{seq}_{frame}_gtFine_labelTrainIds.png
    {root}/gtFine/{split}/{city}/{city}_{seq}_{frame}_gtFine_labelIds.png

so that stock mmseg Cityscapes configs run on it by changing only
``data_root``. Output is a pure function of the arguments (seeded numpy).
"""
import json
import os
import os.path as osp
import shutil
import tempfile
from typing import Dict, Optional, Sequence, Tuple

import cv2
import numpy as np

# Cityscapes trainId -> labelId (the ids the official evaluation uses).
TRAINID_TO_LABELID = (7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26,
                      27, 28, 31, 32, 33)

ROAD, SIDEWALK, BUILDING, WALL, FENCE, POLE, LIGHT, SIGN, VEGETATION, \
    TERRAIN, SKY, PERSON, RIDER, CAR, TRUCK, BUS, TRAIN, MOTORCYCLE, \
    BICYCLE = range(19)

# Base RGB colour per class; each object gets a random jitter around it.
_BASE_RGB = {
    ROAD: (90, 88, 92), SIDEWALK: (160, 150, 140), BUILDING: (130, 110, 95),
    WALL: (150, 140, 120), FENCE: (110, 100, 80), POLE: (70, 70, 75),
    LIGHT: (40, 40, 30), SIGN: (210, 190, 40), VEGETATION: (60, 110, 40),
    TERRAIN: (130, 150, 80), SKY: (130, 170, 220), PERSON: (150, 60, 60),
    RIDER: (60, 60, 150), CAR: (40, 60, 140), TRUCK: (170, 170, 170),
    BUS: (200, 120, 30), TRAIN: (120, 120, 150), MOTORCYCLE: (30, 30, 30),
    BICYCLE: (110, 40, 110)
}

SPLIT_CITIES = {
    'train': ('aachen', 'bochum'),
    'val': ('frankfurt', ),
    'test': ('berlin', ),
}
_SPLIT_SEED_OFFSET = {'train': 0, 'val': 100_000, 'test': 200_000}
_STAMP = 'demo_cityscapes.json'


def _jitter(rng: np.random.Generator, cls: int, amount: int = 25):
    base = np.array(_BASE_RGB[cls], dtype=np.float32)
    return np.clip(base + rng.uniform(-amount, amount, 3), 0, 255)


def _fill(img, lbl, mask, colour, cls):
    img[mask] = colour
    lbl[mask] = cls


def _rect(img, lbl, x0, y0, x1, y1, colour, cls):
    h, w = lbl.shape
    x0, x1 = int(max(0, x0)), int(min(w, x1))
    y0, y1 = int(max(0, y0)), int(min(h, y1))
    if x1 > x0 and y1 > y0:
        img[y0:y1, x0:x1] = colour
        lbl[y0:y1, x0:x1] = cls


def _draw_vehicle(rng, img, lbl, cx, base_y, scale, cls):
    """A car/truck/bus: body, windows and wheels (windows stay the class)."""
    bw = {CAR: 60, TRUCK: 80, BUS: 110}[cls] * scale
    bh = {CAR: 26, TRUCK: 45, BUS: 50}[cls] * scale
    colour = _jitter(rng, cls, 60)
    x0, x1 = cx - bw / 2, cx + bw / 2
    y0, y1 = base_y - bh, base_y - 0.15 * bh
    _rect(img, lbl, x0, y0, x1, y1, colour, cls)
    if cls == CAR:  # cabin
        _rect(img, lbl, x0 + 0.2 * bw, y0 - 0.45 * bh, x1 - 0.2 * bw, y0,
              colour, cls)
        _rect(img, lbl, x0 + 0.25 * bw, y0 - 0.38 * bh, x1 - 0.25 * bw,
              y0 - 0.05 * bh, (35, 45, 55), cls)
    else:  # a row of windows
        for k in range(int(3 + 2 * (cls == BUS))):
            wx = x0 + (k + 0.3) * bw / (3 + 2 * (cls == BUS))
            _rect(img, lbl, wx, y0 + 0.1 * bh, wx + 0.12 * bw, y0 + 0.4 * bh,
                  (35, 45, 55), cls)
    r = max(2, int(7 * scale))
    for wx in (x0 + 0.2 * bw, x1 - 0.2 * bw):
        cv2.circle(img, (int(wx), int(y1)), r, (20, 20, 20), -1)
        cv2.circle(lbl, (int(wx), int(y1)), r, cls, -1)


def _draw_person(rng, img, lbl, cx, base_y, scale, cls=PERSON):
    colour = _jitter(rng, cls, 70)
    hgt = 55 * scale
    _rect(img, lbl, cx - 5 * scale, base_y - hgt * 0.85, cx + 5 * scale,
          base_y - hgt * 0.45, colour, cls)
    legs = np.array(colour) * 0.6
    _rect(img, lbl, cx - 4 * scale, base_y - hgt * 0.45, cx - 0.5 * scale,
          base_y, legs, cls)
    _rect(img, lbl, cx + 0.5 * scale, base_y - hgt * 0.45, cx + 4 * scale,
          base_y, legs, cls)
    head = (int(cx), int(base_y - hgt * 0.92))
    cv2.circle(img, head, max(1, int(4.5 * scale)), (190, 150, 120), -1)
    cv2.circle(lbl, head, max(1, int(4.5 * scale)), int(cls), -1)


def _draw_bicycle(rng, img, lbl, cx, base_y, scale, cls=BICYCLE):
    colour = tuple(float(c) for c in _jitter(rng, cls, 40))
    r = max(2, int(8 * scale))
    th = max(1, int(2 * scale))
    for wx in (cx - 11 * scale, cx + 11 * scale):
        c = (int(wx), int(base_y - r))
        cv2.circle(img, c, r, colour, th)
        cv2.circle(lbl, c, r, int(cls), th)
    p0 = (int(cx - 11 * scale), int(base_y - r))
    p1 = (int(cx + 11 * scale), int(base_y - r))
    p2 = (int(cx), int(base_y - 2.2 * r))
    for a, b in ((p0, p2), (p2, p1), (p0, p1)):
        cv2.line(img, a, b, colour, th)
        cv2.line(lbl, a, b, int(cls), th)


def draw_scene(rng: np.random.Generator,
               size: Tuple[int, int] = (256, 512)
               ) -> Tuple[np.ndarray, np.ndarray]:
    """Draw one street scene.

    Args:
        rng: The random generator that decides everything in the scene.
        size: ``(height, width)`` of the output.

    Returns:
        tuple: ``(image, label)``: an RGB ``uint8`` image ``(H, W, 3)`` and
        a ``uint8`` trainId map ``(H, W)`` (255 = unlabelled).
    """
    h, w = size
    s = w / 512.0
    img = np.zeros((h, w, 3), np.float32)
    lbl = np.full((h, w), 255, np.uint8)
    horizon = int(h * rng.uniform(0.38, 0.52))
    vp_x = w * rng.uniform(0.35, 0.65)

    # Sky: vertical gradient.
    sky = _jitter(rng, SKY, 20)
    grad = np.linspace(0.8, 1.15, horizon)[:, None, None]
    img[:horizon] = np.clip(sky * grad, 0, 255)
    lbl[:horizon] = SKY

    # Buildings (some with a wall in front) along the horizon.
    x = -rng.uniform(0, 40) * s
    while x < w:
        bw = rng.uniform(50, 160) * s
        top = horizon - rng.uniform(0.15, 0.5) * h
        colour = _jitter(rng, BUILDING, 40)
        _rect(img, lbl, x, top, x + bw, horizon + 5, colour, BUILDING)
        win = colour * rng.uniform(0.4, 0.7)
        step = rng.uniform(12, 22) * s
        for wy in np.arange(top + 6 * s, horizon - 8 * s, step):
            for wx in np.arange(x + 5 * s, x + bw - 8 * s, step):
                _rect(img, lbl, wx, wy, wx + 0.45 * step, wy + 0.55 * step,
                      win, BUILDING)
        x += bw
    if rng.random() < 0.5:
        wx0 = rng.uniform(0, 0.6) * w
        _rect(img, lbl, wx0, horizon - 0.06 * h, wx0 + rng.uniform(0.1, 0.4) *
              w, horizon + 4, _jitter(rng, WALL), WALL)

    # Trees and terrain.
    for _ in range(rng.integers(1, 5)):
        cx, cy = rng.uniform(0, w), horizon - rng.uniform(0.02, 0.2) * h
        ax, ay = rng.uniform(20, 60) * s, rng.uniform(20, 50) * s
        mask = np.zeros((h, w), np.uint8)
        cv2.ellipse(mask, (int(cx), int(cy)), (int(ax), int(ay)), 0, 0, 360,
                    1, -1)
        _fill(img, lbl, mask.astype(bool), _jitter(rng, VEGETATION),
              VEGETATION)
        _rect(img, lbl, cx - 3 * s, cy + ay * 0.8, cx + 3 * s, horizon + 4,
              (80, 60, 40), VEGETATION)

    # Ground: sidewalk everywhere below the horizon, then the road wedge.
    _rect(img, lbl, 0, horizon, w, h, _jitter(rng, SIDEWALK), SIDEWALK)
    if rng.random() < 0.4:
        _rect(img, lbl, 0, horizon, w, horizon + 0.05 * h,
              _jitter(rng, TERRAIN), TERRAIN)
    road_l = -rng.uniform(0.0, 0.3) * w
    road_r = w + rng.uniform(0.0, 0.3) * w
    poly = np.array([[vp_x - 8 * s, horizon], [vp_x + 8 * s, horizon],
                     [road_r, h], [road_l, h]], np.int32)
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, [poly], 1)
    _fill(img, lbl, mask.astype(bool), _jitter(rng, ROAD, 15), ROAD)
    for t in np.linspace(0.1, 0.95, 6):  # dashed centre line (still road)
        y = horizon + t * (h - horizon)
        half = 1 + 3 * t * s
        _rect(img, lbl, vp_x - half, y, vp_x + half, y + 6 * t * s + 1,
              (220, 220, 210), ROAD)

    def ground_y(frac):
        return horizon + frac * (h - horizon)

    def road_x(frac, side):
        left = vp_x + (road_l - vp_x) * frac
        right = vp_x + (road_r - vp_x) * frac
        return left if side < 0 else right

    # Fence along one side.
    if rng.random() < 0.4:
        y0 = horizon - 0.04 * h
        fx0 = rng.uniform(0, 0.5) * w
        colour = _jitter(rng, FENCE)
        for fx in np.arange(fx0, fx0 + rng.uniform(0.15, 0.4) * w, 6 * s):
            _rect(img, lbl, fx, y0, fx + 2 * s, horizon + 6, colour, FENCE)
        _rect(img, lbl, fx0, y0, fx, y0 + 3 * s, colour, FENCE)

    # Objects, far to near so that near ones occlude.
    objects = []
    for _ in range(rng.integers(1, 5)):
        objects.append(('vehicle', rng.uniform(0.15, 1.0)))
    for _ in range(rng.integers(1, 4)):
        objects.append(('pole', rng.uniform(0.1, 0.9)))
    for _ in range(rng.integers(0, 4)):
        objects.append(('person', rng.uniform(0.1, 0.9)))
    if rng.random() < 0.35:
        objects.append(('cyclist', rng.uniform(0.2, 0.9)))
    for kind, frac in sorted(objects, key=lambda o: o[1]):
        scale = s * (0.25 + 1.5 * frac)
        y = ground_y(frac)
        if kind == 'vehicle':
            cls = int(rng.choice([CAR, CAR, CAR, TRUCK, BUS]))
            lo, hi = road_x(frac, -1), road_x(frac, 1)
            _draw_vehicle(rng, img, lbl, rng.uniform(lo, hi), y, scale, cls)
        elif kind == 'pole':
            side = rng.choice([-1, 1])
            px = road_x(frac, side) + side * rng.uniform(5, 30) * scale
            top = y - 120 * scale
            _rect(img, lbl, px - 1.5 * scale - 1, top, px + 1.5 * scale + 1,
                  y, _jitter(rng, POLE), POLE)
            if rng.random() < 0.5:
                _rect(img, lbl, px - 7 * scale, top, px + 7 * scale,
                      top + 12 * scale, _jitter(rng, SIGN, 40), SIGN)
            else:
                _rect(img, lbl, px - 4 * scale, top, px + 4 * scale,
                      top + 18 * scale, _jitter(rng, LIGHT, 10), LIGHT)
                cv2.circle(img, (int(px), int(top + 5 * scale)),
                           max(1, int(2 * scale)), (220, 40, 30), -1)
        elif kind == 'person':
            side = rng.choice([-1, 1])
            px = road_x(frac, side) + side * rng.uniform(3, 40) * scale
            _draw_person(rng, img, lbl, px, y, scale)
        else:
            px = rng.uniform(road_x(frac, -1), road_x(frac, 1))
            _draw_bicycle(rng, img, lbl, px, y, scale,
                          int(rng.choice([BICYCLE, MOTORCYCLE])))
            _draw_person(rng, img, lbl, px, y - 10 * scale, scale * 0.8,
                         RIDER)

    # Texture, lighting, blur and sensor noise make the task non-trivial.
    img *= 1 + 0.12 * rng.standard_normal((h, w, 1)).astype(np.float32)
    light = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(0.9, 1.2), w)
    img *= light[None, :, None].astype(np.float32)
    img = cv2.GaussianBlur(img, (3, 3), rng.uniform(0.3, 1.0))
    img += rng.normal(0, 6, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8), lbl


def _stamp(num: Dict[str, int], size, seed) -> dict:
    return dict(num=num, size=list(size), seed=seed, version=1)


def generate_demo_cityscapes(root: str,
                             num_train: int = 24,
                             num_val: int = 8,
                             num_test: int = 4,
                             size: Tuple[int, int] = (256, 512),
                             seed: int = 0,
                             splits: Optional[Sequence[str]] = None) -> str:
    """Write the demo dataset to ``root`` (skipped when already complete).

    The dataset is first written to a temporary sibling folder and renamed
    into place, so an interrupted run leaves nothing half-written.

    Args:
        root: Output folder (becomes the config's ``data_root``).
        num_train: Images in ``train`` (spread over the split's cities).
        num_val: Images in ``val``.
        num_test: Images in ``test`` (no labels are used for test, but
            they are written, like the ``gtFine`` of Cityscapes' test split).
        size: ``(height, width)`` of every image.
        seed: Base seed; image ``i`` of a split has its own derived seed.
        splits: Subset of ``('train', 'val', 'test')`` (default: all).

    Returns:
        str: ``root``.
    """
    num = {'train': num_train, 'val': num_val, 'test': num_test}
    splits = tuple(splits or num)
    for split in splits:
        if split not in num:
            raise ValueError(f'unknown split {split!r}; expected one of '
                             f'{tuple(num)}')
    num = {k: v for k, v in num.items() if k in splits}
    stamp = _stamp(num, size, seed)
    stamp_file = osp.join(root, _STAMP)
    if osp.isfile(stamp_file):
        with open(stamp_file) as f:
            if json.load(f) == stamp:
                return root
    parent = osp.dirname(osp.abspath(root))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='.demo_cityscapes.', dir=parent)
    try:
        for split, count in num.items():
            cities = SPLIT_CITIES[split]
            for i in range(count):
                city = cities[i % len(cities)]
                stem = f'{city}_{i // len(cities):06d}_000019'
                rng = np.random.default_rng(
                    [seed, _SPLIT_SEED_OFFSET[split] + i])
                img, lbl = draw_scene(rng, size)
                img_dir = osp.join(tmp, 'leftImg8bit', split, city)
                ann_dir = osp.join(tmp, 'gtFine', split, city)
                os.makedirs(img_dir, exist_ok=True)
                os.makedirs(ann_dir, exist_ok=True)
                cv2.imwrite(
                    osp.join(img_dir, f'{stem}_leftImg8bit.png'),
                    cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
                cv2.imwrite(
                    osp.join(ann_dir, f'{stem}_gtFine_labelTrainIds.png'), lbl)
                cv2.imwrite(
                    osp.join(ann_dir, f'{stem}_gtFine_labelIds.png'),
                    trainid_to_labelid(lbl))
        with open(osp.join(tmp, _STAMP), 'w') as f:
            json.dump(stamp, f)
        if osp.exists(root):
            shutil.rmtree(root)
        os.replace(tmp, root)
    finally:
        if osp.exists(tmp):
            shutil.rmtree(tmp)
    return root


def trainid_to_labelid(label: np.ndarray) -> np.ndarray:
    """Map a trainId map to Cityscapes labelIds (255 -> 0, unlabelled).

    Args:
        label: ``uint8`` trainId map.

    Returns:
        np.ndarray: ``uint8`` labelId map of the same shape.
    """
    lut = np.zeros(256, np.uint8)
    lut[:len(TRAINID_TO_LABELID)] = TRAINID_TO_LABELID
    return lut[label]
