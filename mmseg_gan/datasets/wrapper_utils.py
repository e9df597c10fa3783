"""Helpers shared by the dataset wrappers of this package."""
import copy
from typing import List, Optional, Union

from mmengine.dataset import BaseDataset
from mmseg.registry import DATASETS


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
