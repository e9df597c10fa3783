"""Labeled + unlabeled images per sample, for semi-supervised training."""
import copy
import os.path as osp
from typing import List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset, Compose
from mmengine.logging import print_log
from mmseg.registry import DATASETS, TRANSFORMS

from ..utils.config_type import is_type
from ..utils.file_check import require_file
from .wrapper_utils import build_inner_dataset, config_pipeline


def label_free_pipeline(pipeline: Sequence[dict]) -> List[dict]:
    """``pipeline`` without anything that reads a label map.

    ``LoadAnnotations`` is dropped and a ``RandomCrop``'s ``cat_max_ratio``
    (which picks crops by their labels) is switched off, so withheld labels
    cannot leak into unlabeled samples.
    """
    out = []
    for t in copy.deepcopy(list(pipeline)):
        if _loads_annotations(t):
            continue
        if is_type(t.get('type'), 'RandomCrop', TRANSFORMS, subclass=True):
            t['cat_max_ratio'] = 1.0
        out.append(t)
    return out


def _loads_annotations(transform: dict) -> bool:
    """Whether a pipeline step is a ``LoadAnnotations`` (mmseg's, mmcv's
    or a subclass), however its ``type`` is spelled."""
    return is_type(transform.get('type'), 'mmcv.LoadAnnotations',
                   TRANSFORMS, subclass=True)


@DATASETS.register_module()
class SemiSupervisedSegDataset:
    """Each sample is one labeled and one unlabeled image (Hung et al.).

    Unlabeled images come either from their own mmseg dataset (e.g. one
    without annotations, ``ann_dir=''``, and a pipeline without
    ``LoadAnnotations``), or from the labeled dataset itself with labels
    withheld: ``labeled_fraction`` keeps a seeded random share of it
    labeled, ``labeled_split`` a list of names (one per line, relative to
    ``img_dir`` without the image suffix, like mmseg's ``ann_file``); the
    rest is unlabeled and goes through :func:`label_free_pipeline`.

    The wrapper has ``max(#labeled, #unlabeled)`` indices; index ``i`` pairs
    labeled ``i % #labeled`` with unlabeled ``i % #unlabeled``, a pure
    function of the index, so any sampler and DDP work unchanged. A sample
    is the labeled one's ``inputs`` / ``data_samples`` plus
    ``unlabeled_inputs`` / ``unlabeled_data_samples`` (no ``gt_sem_seg``);
    mmengine's default collate keeps the extra keys and
    :class:`AdversarialSegmentor` (with ``semi_cfg``) reads them.

    Args:
        labeled: Config (or instance) of the labeled dataset; its
            ``pipeline`` is used unless ``pipeline`` is given.
        unlabeled: Config (or instance) of the unlabeled dataset, or None to
            withhold labels from ``labeled``.
        labeled_fraction: Share of ``labeled`` that keeps its labels, in
            (0, 1) (only with ``unlabeled=None``).
        labeled_split: Path of a split file naming the labeled images (only
            with ``unlabeled=None``; exclusive with ``labeled_fraction``).
        seed: Seed of the ``labeled_fraction`` draw.
        pipeline: Pipeline of labeled samples.
        unlabeled_pipeline: Pipeline of unlabeled samples (default: the
            ``unlabeled`` config's, or the label-free labeled pipeline).
        lazy_init: Defer loading the annotation lists.
    """

    def __init__(self,
                 labeled: Union[dict, BaseDataset],
                 unlabeled: Optional[Union[dict, BaseDataset]] = None,
                 labeled_fraction: Optional[float] = None,
                 labeled_split: Optional[str] = None,
                 seed: int = 0,
                 pipeline: Optional[Sequence[dict]] = None,
                 unlabeled_pipeline: Optional[Sequence[dict]] = None,
                 lazy_init: bool = False) -> None:
        withhold = labeled_fraction is not None or labeled_split is not None
        if unlabeled is None and not withhold:
            raise ValueError(
                'SemiSupervisedSegDataset has no unlabeled data: give an '
                '`unlabeled` dataset config, or withhold labels of the '
                'labeled one with `labeled_fraction` or `labeled_split`')
        if unlabeled is not None and withhold:
            raise ValueError(
                'SemiSupervisedSegDataset: `labeled_fraction` / '
                '`labeled_split` withhold labels of `labeled`; they cannot '
                'be combined with a separate `unlabeled` dataset')
        if labeled_fraction is not None and labeled_split is not None:
            raise ValueError('give `labeled_fraction` or `labeled_split`, '
                             'not both')
        if labeled_fraction is not None and not 0 < labeled_fraction < 1:
            raise ValueError('labeled_fraction must be in (0, 1), got '
                             f'{labeled_fraction}')
        if pipeline is None:
            pipeline = config_pipeline(labeled)
        if unlabeled_pipeline is None:
            unlabeled_pipeline = config_pipeline(unlabeled) if unlabeled \
                else label_free_pipeline(pipeline)
        if withhold and any(_loads_annotations(t)
                            for t in unlabeled_pipeline):
            raise ValueError(
                'SemiSupervisedSegDataset: the unlabeled_pipeline loads '
                'annotations, but labels are withheld from the unlabeled '
                'images; remove LoadAnnotations from it')
        self.labeled_fraction = labeled_fraction
        self.labeled_split = labeled_split
        self.seed = seed
        self.labeled = build_inner_dataset(labeled)
        self.unlabeled = build_inner_dataset(unlabeled) if unlabeled \
            else self.labeled
        self.pipeline = Compose(pipeline)
        self.unlabeled_pipeline = Compose(unlabeled_pipeline)
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        """The labeled dataset's metainfo."""
        return copy.deepcopy(self.labeled.metainfo)

    def full_init(self) -> None:
        """Load the annotation lists and split labeled / unlabeled."""
        if self._fully_initialized:
            return
        self.labeled.full_init()
        self.unlabeled.full_init()
        if self.unlabeled is not self.labeled:
            lab = np.arange(len(self.labeled))
            unl = np.arange(len(self.unlabeled))
        elif self.labeled_split is not None:
            lab, unl = self._split_by_file(self.labeled_split)
        else:
            n = len(self.labeled)
            num_lab = max(1, int(round(n * self.labeled_fraction)))
            perm = np.random.default_rng(self.seed).permutation(n)
            lab, unl = np.sort(perm[:num_lab]), np.sort(perm[num_lab:])
        if len(lab) == 0 or len(unl) == 0:
            raise ValueError(
                'SemiSupervisedSegDataset: no labeled or no unlabeled images '
                f'({len(lab)} labeled, {len(unl)} unlabeled)')
        self._labeled_index, self._unlabeled_index = lab, unl
        self._fully_initialized = True
        print_log(
            f'SemiSupervisedSegDataset: {len(lab)} labeled + {len(unl)} '
            f'unlabeled images, {len(self)} samples per pass', 'current')

    def _split_by_file(self, split_file: str):
        require_file(split_file, 'labeled_split file')
        with open(split_file) as f:
            wanted = {line.strip() for line in f if line.strip()}
        ds = self.labeled
        img_root = ds.data_prefix.get('img_path', '')
        names = []
        for i in range(len(ds)):
            rel = osp.relpath(ds.get_data_info(i)['img_path'], img_root)
            if rel.endswith(ds.img_suffix):
                rel = rel[:-len(ds.img_suffix)]
            names.append(rel)
        unknown = wanted - set(names)
        if unknown:
            raise ValueError(
                f'labeled_split {split_file!r}: {len(unknown)} names are '
                f'not images of the dataset (e.g. {sorted(unknown)[0]!r}; '
                f'names look like {names[0]!r})')
        is_lab = np.array([n in wanted for n in names])
        return np.where(is_lab)[0], np.where(~is_lab)[0]

    def __len__(self) -> int:
        if not self._fully_initialized:
            self.full_init()
        return max(len(self._labeled_index), len(self._unlabeled_index))

    @property
    def labeled_indices(self) -> np.ndarray:
        """Indices into ``labeled`` that keep their labels."""
        if not self._fully_initialized:
            self.full_init()
        return self._labeled_index.copy()

    def __getitem__(self, idx: int) -> dict:
        if not self._fully_initialized:
            self.full_init()
        lab = self._labeled_index[idx % len(self._labeled_index)]
        unl = self._unlabeled_index[idx % len(self._unlabeled_index)]
        results = self.pipeline(self.labeled.get_data_info(int(lab)))
        unlabeled = self.unlabeled_pipeline(
            self.unlabeled.get_data_info(int(unl)))
        sample = unlabeled['data_samples']
        if 'gt_sem_seg' in sample:
            del sample.gt_sem_seg
        results['unlabeled_inputs'] = unlabeled['inputs']
        results['unlabeled_data_samples'] = sample
        return results

