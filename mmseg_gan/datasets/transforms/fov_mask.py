"""Field-of-view (FOV) masks of fundus images (DRIVE layout).

A fundus photograph shows the retina in a disc; outside it the frame is
black. DRIVE ships a mask of that disc per image, and most vessel papers
score inside it only, while mmseg scores the whole frame. Here:

- :func:`fov_mask_path`, the one rule that names the mask of an image
  (``.../images/<split>/NN.png`` -> ``.../masks/<split>/NN_mask.png``);
- :func:`load_fov_mask`, which reads it as 0/1 ``uint8``;
- :class:`LoadFOVMask`, a pipeline step that loads it and, optionally, sets
  the ground truth outside the FOV to the ignore index.

:class:`mmseg_gan.evaluation.VesselMetric` finds the masks through the same
:func:`fov_mask_path`.
"""
import os.path as osp
from typing import Optional

import mmcv
import mmengine.fileio as fileio
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS


def fov_mask_path(img_path: str,
                  img_dir: str = 'images',
                  mask_dir: str = 'masks',
                  mask_suffix: str = '_mask.png') -> str:
    """The FOV mask file of an image.

    The last folder of ``img_path`` named ``img_dir`` becomes ``mask_dir``
    and the file's extension becomes ``mask_suffix``:
    ``data/DRIVE/images/validation/01.png`` ->
    ``data/DRIVE/masks/validation/01_mask.png``.

    Args:
        img_path: Path of the image.
        img_dir: Folder name of the images. Defaults to ``'images'``.
        mask_dir: Folder name of the masks, in its place. Defaults to
            ``'masks'``.
        mask_suffix: What replaces the image's extension. Defaults to
            ``'_mask.png'``.

    Returns:
        str: The mask path (whether the file exists is not checked).

    Raises:
        ValueError: ``img_path`` has no folder named ``img_dir``.
    """
    folder, name = osp.split(str(img_path))
    parts = folder.replace(osp.sep, '/').split('/')
    hits = [i for i, part in enumerate(parts) if part == img_dir]
    if not hits:
        raise ValueError(
            f'image path {img_path!r} has no folder {img_dir!r} to replace '
            f'by {mask_dir!r} to find its FOV mask')
    parts[hits[-1]] = mask_dir
    return '/'.join(parts + [osp.splitext(name)[0] + mask_suffix])


def load_fov_mask(path: str,
                  img_path: Optional[str] = None,
                  backend_args: Optional[dict] = None) -> np.ndarray:
    """Read a FOV mask as ``uint8`` 0 (outside) / 1 (inside).

    Any non-zero value counts as inside, so DRIVE's original 0/255 masks
    read the same as 0/1 ones.

    Args:
        path: Mask file (from :func:`fov_mask_path`).
        img_path: The image it belongs to, for the error message.
        backend_args: mmengine file backend arguments.

    Returns:
        np.ndarray: ``(H, W)`` uint8 mask.

    Raises:
        FileNotFoundError: Naming ``path`` (and ``img_path``).
    """
    if not fileio.exists(path, backend_args=backend_args):
        of = f' of image {img_path!r}' if img_path else ''
        raise FileNotFoundError(
            f'FOV mask {path!r}{of} does not exist '
            f'(absolute: {osp.abspath(path)})')
    mask = mmcv.imfrombytes(
        fileio.get(path, backend_args=backend_args),
        flag='unchanged', backend='pillow')
    if mask.ndim == 3:  # an RGB(A) mask: inside where any channel is set
        mask = mask.any(axis=2)
    return (mask > 0).astype(np.uint8)


@TRANSFORMS.register_module()
class LoadFOVMask(BaseTransform):
    """Load the FOV mask of the image; optionally ignore the ground truth
    outside it.

    The mask is found by :func:`fov_mask_path` from ``img_path`` and added
    as ``results['fov_mask']`` (``uint8`` 0/1, the size of the loaded
    ground truth, else of the original image) to ``seg_fields``, so later
    geometric transforms (resize, crop, flip) move it with the label map.
    With ``ignore_outside=True`` the label outside the FOV becomes
    ``ignore_index``: losses and mmseg's ``IoUMetric`` then count the FOV
    only, as most vessel papers do. It must then follow
    ``LoadAnnotations``.

    Required keys: ``img_path``; ``gt_seg_map`` with ``ignore_outside``.

    Added keys: ``fov_mask``, ``fov_mask_path``; modified: ``gt_seg_map``
    (with ``ignore_outside``), ``seg_fields``.

    Args:
        ignore_outside: Set ``gt_seg_map`` outside the FOV to
            ``ignore_index``. Defaults to False.
        ignore_index: The label value that is not a class. Defaults to 255.
        img_dir: Folder name of the images (see :func:`fov_mask_path`).
        mask_dir: Folder name of the masks.
        mask_suffix: What replaces the image's extension.
        backend_args: mmengine file backend arguments.
    """

    def __init__(self,
                 ignore_outside: bool = False,
                 ignore_index: int = 255,
                 img_dir: str = 'images',
                 mask_dir: str = 'masks',
                 mask_suffix: str = '_mask.png',
                 backend_args: Optional[dict] = None) -> None:
        self.ignore_outside = ignore_outside
        self.ignore_index = ignore_index
        self.img_dir = img_dir
        self.mask_dir = mask_dir
        self.mask_suffix = mask_suffix
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        """Add ``fov_mask``; ignore the label outside it if asked."""
        img_path = results['img_path']
        path = fov_mask_path(img_path, self.img_dir, self.mask_dir,
                             self.mask_suffix)
        mask = load_fov_mask(path, img_path, self.backend_args)
        seg = results.get('gt_seg_map')
        if seg is None and self.ignore_outside:
            raise ValueError(
                'LoadFOVMask(ignore_outside=True) found no gt_seg_map: put '
                'it after LoadAnnotations in the pipeline')
        if seg is not None:
            shape = seg.shape[:2]
            what = f'label map {results.get("seg_map_path")!r}'
        else:
            shape = results.get('ori_shape', mask.shape)[:2]
            what = f'image {img_path!r}'
        if tuple(mask.shape) != tuple(shape):
            raise ValueError(
                f'FOV mask {path!r} is {mask.shape[0]}x{mask.shape[1]} but '
                f'{what} is {shape[0]}x{shape[1]}: LoadFOVMask must come '
                'before any transform that resizes the label map')
        if self.ignore_outside:
            seg = seg.copy()
            seg[mask == 0] = self.ignore_index
            results['gt_seg_map'] = seg
        results['fov_mask'] = mask
        results['fov_mask_path'] = path
        fields = results.setdefault('seg_fields', [])
        if 'fov_mask' not in fields:
            fields.append('fov_mask')
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}('
                f'ignore_outside={self.ignore_outside}, '
                f'ignore_index={self.ignore_index}, '
                f'img_dir={self.img_dir!r}, mask_dir={self.mask_dir!r}, '
                f'mask_suffix={self.mask_suffix!r})')
