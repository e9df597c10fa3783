"""Helpers shared by the dataset wrappers of this package."""
import copy
from typing import List, Optional, Sequence, Union

from mmengine.dataset import BaseDataset
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import DATASETS, TRANSFORMS

from ..utils.config_type import is_type


def build_inner_dataset(cfg: Union[dict, BaseDataset]) -> BaseDataset:
    """Build a wrapped dataset lazily and without its own pipeline.

    The wrapper applies the pipeline itself (so wrapped datasets share or
    choose theirs), and calls ``full_init`` when it is initialised.
    """
    if isinstance(cfg, dict):
        return DATASETS.build(
            dict(copy.deepcopy(cfg), pipeline=[], lazy_init=True))
    return cfg


def config_pipeline(cfg: Optional[Union[dict, BaseDataset]]) -> List[dict]:
    """The ``pipeline`` of a dataset config (empty for an instance)."""
    return list(cfg.get('pipeline', [])) if isinstance(cfg, dict) else []


def with_reduce_zero_label(pipeline: Sequence[Union[dict, object]],
                           reduce_zero_label: bool) -> list:
    """A copy of ``pipeline`` whose mmseg ``LoadAnnotations`` steps (and
    their subclasses) use ``reduce_zero_label``.

    mmseg's ``LoadAnnotations`` asserts that its flag is the dataset's, and
    one left at None keeps the flag of the first sample it loads. A pipeline
    shared by datasets whose label files differ in convention (raw ADE20K
    annotations, a synthetic folder of class indices) needs a copy per
    dataset with that dataset's flag.

    Args:
        pipeline: Transform configs or instances.
        reduce_zero_label: The flag of the dataset the copy serves.

    Returns:
        list: The copy (configs stay configs, instances are copied).
    """
    out = []
    for step in pipeline:
        if isinstance(step, dict) and is_type(
                step.get('type'), 'LoadAnnotations', TRANSFORMS,
                subclass=True):
            step = dict(copy.deepcopy(step),
                        reduce_zero_label=reduce_zero_label)
        elif isinstance(step, LoadAnnotations):
            step = copy.copy(step)
            step.reduce_zero_label = reduce_zero_label
        out.append(step)
    return out
