"""A folder of GAN-synthesized (image, label) pairs in mmseg layout."""
import os.path as osp
from typing import Dict, List, Optional, Sequence, Union

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .synthetic_folder import MANIFEST, file_sha256, read_manifest
from .wrapper_utils import with_reduce_zero_label


@DATASETS.register_module()
class SyntheticSegDataset(BaseSegDataset):
    """Pairs written by ``tools/synthesize.py``.

    Layout::

        data_root/img_dir/<split>/<id>.png
        data_root/ann_dir/<split>/<id>.png
        data_root/manifest.json   # classes, palette, per-file checksums

    The label files hold class indices (``0..C-1``, 255 ignored): the
    label source's ``reduce_zero_label`` and ``label_map`` were applied when
    the folder was rendered (the manifest's ``label_reduction`` says
    which). So the dataset never reduces them again: ``reduce_zero_label``
    is False, ``LoadAnnotations`` steps of its own pipeline load without
    reduction, and :class:`GANAugmentedDataset` gives its synthetic samples
    a pipeline that does not reduce either (the real ones still are).

    Classes and palette come from the manifest. Every image must have its
    label, every file must be listed in the manifest and (by default) match
    its checksum there, so a missing, truncated or unreadable file stops with
    an error naming it.

    ``ignore_classes`` is class-wise filtering: the pixels of classes a
    synthesizer renders badly (``tools/benchmarks/class_texture.py`` ranks
    them) are loaded as ``ignore_index``, so they teach nothing while the
    rest of the pair still does. It uses mmseg's own ``label_map``, which
    ``LoadAnnotations`` applies.

    Args:
        data_root: The synthetic folder.
        split: Sub-folder name. Defaults to ``'train'``.
        verify_checksums: Check every file's SHA-256 against the manifest.
        ignore_classes: Class names (or ids) of the manifest whose pixels
            are loaded as ``ignore_index``. Defaults to none.
        **kwargs: :class:`mmseg.datasets.BaseSegDataset` arguments;
            ``reduce_zero_label=True`` is refused (it would shift every
            label a second time).
    """

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 verify_checksums: bool = True,
                 ignore_classes: Sequence[Union[str, int]] = (),
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if not osp.isdir(data_root):
            raise FileNotFoundError(
                f'synthetic dataset: data_root {data_root!r} does not exist')
        self.manifest = read_manifest(data_root)
        if kwargs.get('reduce_zero_label'):
            done = self.manifest.get('label_reduction')
            why = (f'its label source was loaded with reduce_zero_label='
                   f'{done.get("reduce_zero_label")} when it was rendered, '
                   f'{MANIFEST}: label_reduction' if isinstance(done, dict)
                   else 'tools/synthesize.py writes the class indices the '
                   'generator takes')
            raise ValueError(
                f'synthetic dataset {data_root}: its labels are class '
                f'indices already ({why}), so '
                'reduce_zero_label=True would shift every label a second '
                'time; leave reduce_zero_label out (GANAugmentedDataset '
                'loads synthetic labels without the real reduction)')
        kwargs['reduce_zero_label'] = False
        if kwargs.get('pipeline'):
            kwargs['pipeline'] = with_reduce_zero_label(kwargs['pipeline'],
                                                        False)
        self.verify_checksums = verify_checksums
        self.ignore_classes = _class_ids(
            ignore_classes, self.manifest['classes'], data_root)
        self._ignore_map = {
            c: kwargs.get('ignore_index', 255) for c in self.ignore_classes}
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
        if self._ignore_map:
            for info in data_list:
                # stored ids: compose with a custom-classes label_map
                info['label_map'] = {**(info.get('label_map') or {}),
                                     **self._ignore_map}
        missing = [f for f in listed if not osp.isfile(
            osp.join(self.data_root, f))]
        if missing:
            raise FileNotFoundError(
                f'synthetic dataset: {osp.join(self.data_root, missing[0])} '
                f'is listed in {MANIFEST} but missing ({len(missing)} '
                'missing in all)')
        return data_list


def _class_ids(classes: Sequence[Union[str, int]], names: Sequence[str],
               data_root: str) -> List[int]:
    """Ids of ``classes`` (names or ids) among the manifest's ``names``."""
    if isinstance(classes, (str, int)):
        classes = [classes]
    index: Dict[str, int] = {n: i for i, n in enumerate(names)}
    ids = []
    for c in classes:
        if isinstance(c, str) and c in index:
            ids.append(index[c])
        elif isinstance(c, int) and not isinstance(c, bool) and \
                0 <= c < len(names):
            ids.append(c)
        else:
            raise ValueError(
                f'synthetic dataset {data_root}: ignore_classes entry {c!r} '
                f'is not a class of its {MANIFEST} (names: '
                f'{", ".join(names)}; or ids 0-{len(names) - 1})')
    return sorted(set(ids))
