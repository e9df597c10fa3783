"""A folder of GAN-synthesized (image, label) pairs in mmseg layout."""
import os.path as osp
from typing import List, Optional

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .synthetic_manifest import MANIFEST, file_sha256, read_manifest


@DATASETS.register_module()
class SyntheticSegDataset(BaseSegDataset):
    """Pairs written by ``tools/synthesize.py``.

    Layout::

        data_root/img_dir/<split>/<id>.png
        data_root/ann_dir/<split>/<id>.png
        data_root/manifest.json   # classes, palette, per-file checksums

    Classes and palette come from the manifest. Every image must have its
    label, every file must be listed in the manifest and (by default) match
    its checksum there, so a missing, truncated or unreadable file stops with
    an error naming it.

    Args:
        data_root: The synthetic folder.
        split: Sub-folder name. Defaults to ``'train'``.
        verify_checksums: Check every file's SHA-256 against the manifest.
        **kwargs: :class:`mmseg.datasets.BaseSegDataset` arguments.
    """

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 verify_checksums: bool = True,
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if not osp.isdir(data_root):
            raise FileNotFoundError(
                f'synthetic dataset: data_root {data_root!r} does not exist')
        self.manifest = read_manifest(data_root)
        self.verify_checksums = verify_checksums
        meta = dict(
            classes=tuple(self.manifest['classes']),
            palette=[list(p) for p in self.manifest['palette']])
        meta.update(metainfo or {})
        kwargs.setdefault(
            'data_prefix',
            dict(img_path=f'img_dir/{split}', seg_map_path=f'ann_dir/{split}'))
        super().__init__(
            data_root=data_root,
            img_suffix='.png',
            seg_map_suffix='.png',
            metainfo=meta,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        data_list = super().load_data_list()
        listed = self.manifest['files']
        for info in data_list:
            for key in ('img_path', 'seg_map_path'):
                rel = osp.relpath(info[key], self.data_root)
                if not osp.isfile(info[key]):
                    raise FileNotFoundError(
                        f'synthetic dataset: {info[key]} is missing '
                        f'(the label of {info["img_path"]})')
                if rel not in listed:
                    raise ValueError(
                        f'synthetic dataset: {info[key]} is not in '
                        f'{MANIFEST}; rerun tools/synthesize.py')
                if self.verify_checksums and file_sha256(
                        info[key]) != listed[rel]:
                    raise ValueError(
                        f'synthetic dataset: {info[key]} does not match its '
                        f'checksum in {MANIFEST} (truncated or modified); '
                        'delete it and rerun tools/synthesize.py')
        missing = [f for f in listed if not osp.isfile(
            osp.join(self.data_root, f))]
        if missing:
            raise FileNotFoundError(
                f'synthetic dataset: {osp.join(self.data_root, missing[0])} '
                f'is listed in {MANIFEST} but missing ({len(missing)} '
                'missing in all)')
        return data_list
