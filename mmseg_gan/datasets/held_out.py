"""Training samples, each with a held-out labelled sample beside it."""
import copy
import os.path as osp
from typing import Optional, Sequence, Union

from mmengine.dataset import BaseDataset, Compose
from mmengine.logging import print_log
from mmseg.registry import DATASETS

from .wrapper_utils import build_inner_dataset, config_pipeline


def _image_set(dataset: BaseDataset) -> dict:
    """{real image path: image path} of a dataset's samples."""
    return {
        osp.realpath(dataset.get_data_info(i)['img_path']):
        dataset.get_data_info(i)['img_path']
        for i in range(len(dataset))
    }


def _split_name(dataset: BaseDataset) -> str:
    ann_file = getattr(dataset, 'ann_file', '')
    if ann_file:
        return repr(ann_file)
    img_dir = getattr(dataset, 'data_prefix', {}).get('img_path', '?')
    return f'(no ann_file: every image of {img_dir!r})'


@DATASETS.register_module()
class HeldOutSegDataset:
    """Each sample is a training sample plus a held-out labelled one.

    For :class:`EndToEndGANAug`: the held-out pairs score the segmentor
    after an unrolled step on synthetic pairs (the task term) and enter
    nothing else. Both are ordinary mmseg dataset configs; the held-out one
    names its images with a split file (``ann_file``), carved from the
    labelled budget (GenSeg: 32 + 8 of 40), never from the test set. A
    held-out image that is also a training image is refused, with both
    split files named.

    Index ``i`` is training sample ``i`` with held-out sample
    ``i % #held_out`` under ``held_out_inputs`` / ``held_out_data_samples``
    (mmengine's default collate keeps the extra keys, as for
    :class:`SemiSupervisedSegDataset`): a pure function of the index, so
    any sampler and DDP work unchanged, and the held-out set is cycled
    through in order, one per training sample.

    Args:
        train: Config (or instance) of the training dataset (not a
            ``RepeatDataset``: wrap its inner dataset; an iteration-based
            loop with an ``InfiniteSampler`` needs no repetition); its
            ``pipeline`` is used unless ``pipeline`` is given.
        held_out: Config (or instance) of the held-out dataset, usually the
            same dataset type with ``ann_file`` set to the held-out split.
        pipeline: Pipeline of the training samples.
        held_out_pipeline: Pipeline of the held-out samples (default: the
            ``held_out`` config's, else the training pipeline).
        lazy_init: Defer loading the annotation lists.
    """

    def __init__(self,
                 train: Union[dict, BaseDataset],
                 held_out: Union[dict, BaseDataset],
                 pipeline: Optional[Sequence[dict]] = None,
                 held_out_pipeline: Optional[Sequence[dict]] = None,
                 lazy_init: bool = False) -> None:
        if pipeline is None:
            pipeline = config_pipeline(train)
        if held_out_pipeline is None:
            held_out_pipeline = config_pipeline(held_out) or pipeline
        self.train = build_inner_dataset(train)
        self.held_out = build_inner_dataset(held_out)
        self.pipeline = Compose(pipeline)
        self.held_out_pipeline = Compose(held_out_pipeline)
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        """The training dataset's metainfo."""
        return copy.deepcopy(self.train.metainfo)

    def full_init(self) -> None:
        """Load both annotation lists; refuse empty or overlapping sets."""
        if self._fully_initialized:
            return
        self.train.full_init()
        self.held_out.full_init()
        if len(self.train) == 0 or len(self.held_out) == 0:
            raise ValueError(
                f'HeldOutSegDataset: {len(self.train)} training and '
                f'{len(self.held_out)} held-out images; both sets need some '
                f'(train: {_split_name(self.train)}, held-out: '
                f'{_split_name(self.held_out)})')
        train, held = _image_set(self.train), _image_set(self.held_out)
        both = sorted(set(train) & set(held))
        if both:
            raise ValueError(
                f'HeldOutSegDataset: {len(both)} held-out images are also '
                f'training images (e.g. {held[both[0]]!r}): the training '
                f'split {_split_name(self.train)} and the held-out split '
                f'{_split_name(self.held_out)} must not overlap')
        self._fully_initialized = True
        print_log(
            f'HeldOutSegDataset: {len(self.train)} training + '
            f'{len(self.held_out)} held-out images', 'current')

    def __len__(self) -> int:
        if not self._fully_initialized:
            self.full_init()
        return len(self.train)

    def __getitem__(self, idx: int) -> dict:
        if not self._fully_initialized:
            self.full_init()
        results = self.pipeline(self.train.get_data_info(idx))
        held = self.held_out_pipeline(
            self.held_out.get_data_info(idx % len(self.held_out)))
        results['held_out_inputs'] = held['inputs']
        results['held_out_data_samples'] = held['data_samples']
        return results
