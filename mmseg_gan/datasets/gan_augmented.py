"""Mix GAN-synthesized (image, label) pairs into any mmseg training set."""
import copy
from typing import List, Optional, Sequence, Union

import numpy as np
from mmengine.config import Config
from mmengine.dataset import BaseDataset, Compose
from mmengine.logging import print_log
from mmseg.registry import DATASETS, MODELS

from ..utils.config_check import ConfigCheckError
from ..utils.config_type import is_type
from ..utils.config_walk import walk_config
from .wrapper_utils import (
    build_inner_dataset,
    config_pipeline,
    with_reduce_zero_label,
)


def _metainfo_difference(real: dict, synthetic: dict) -> List[str]:
    diffs = []
    for key in ('classes', 'palette'):
        a, b = real.get(key), synthetic.get(key)
        if a is None or b is None:
            continue
        a = [list(x) if isinstance(x, (list, tuple)) else x for x in a]
        b = [list(x) if isinstance(x, (list, tuple)) else x for x in b]
        if a == b:
            continue
        if len(a) != len(b):
            diffs.append(f'{key}: {len(a)} in the real dataset, {len(b)} in '
                         'the synthetic one')
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                diffs.append(f'{key}[{i}]: real {x!r} != synthetic {y!r}')
    return diffs


@DATASETS.register_module()
class GANAugmentedDataset:
    """A real mmseg dataset plus GAN-synthesized samples, one pipeline.

    Index ``i`` of the wrapper is a synthetic sample for a fixed, evenly
    spread share ``synthetic_ratio`` of the indices and a real one
    otherwise. Every real sample appears equally often per pass and every
    synthetic source at least once: when there are more synthetic sources
    than synthetic slots in one pass of the real set, a pass repeats the
    real set (``self.repeat`` times). The mapping is a pure function of the
    index, so any sampler (shuffling, infinite, distributed) and DDP work
    unchanged, and ``lazy_init`` defers loading the annotation lists as in
    mmengine.

    Synthetic sources:

    - offline: ``synthetic`` is a dataset config, usually
      :class:`SyntheticSegDataset` over a folder made by
      ``tools/synthesize.py``;
    - online: ``synthetic=None, online=True``: synthetic slots take real
      samples (their label maps) and mark them ``gan_synthesize=True``; the
      model's :class:`OnlineSynthesisDataPreprocessor` renders their images
      on the training device.

    Synthetic samples (offline) go through a copy of the pipeline whose
    ``LoadAnnotations`` takes the synthetic dataset's ``reduce_zero_label``
    (False for :class:`SyntheticSegDataset`, whose files hold class indices
    already): ADE20K's ``LoadAnnotations(reduce_zero_label=True)`` reduces
    the real annotations and leaves the rendered ones as they are, so both
    reach the segmentor in the same class indices.

    Every output's data sample carries ``is_synthetic`` in its metainfo.
    The real and synthetic metainfo (classes, palette) must agree, otherwise
    building fails with the differences listed.

    Args:
        real: Config (or instance) of the real dataset. Its ``pipeline``
            becomes the shared one unless ``pipeline`` is given, so a config
            can pass mmseg's dataset as is:
            ``real={{_base_.train_dataloader.dataset}}``.
        synthetic: Config (or instance) of the synthetic dataset, or None
            with ``online=True``.
        synthetic_ratio: Share of indices that are synthetic, in [0, 1).
            A share that moves over training is drawn by
            :class:`SyntheticRatioBatchSampler` from these indices.
        pipeline: The pipeline shared by real and synthetic samples
            (default: the real dataset config's); synthetic samples load
            their labels with their dataset's ``reduce_zero_label``.
        online: Render synthetic images on the training device.
        lazy_init: Defer loading the annotation lists.
    """

    def __init__(self,
                 real: Union[dict, BaseDataset],
                 synthetic: Optional[Union[dict, BaseDataset]] = None,
                 synthetic_ratio: float = 0.5,
                 pipeline: Optional[Sequence[dict]] = None,
                 online: bool = False,
                 lazy_init: bool = False) -> None:
        if not 0 <= synthetic_ratio < 1:
            raise ValueError(
                f'synthetic_ratio must be in [0, 1), got {synthetic_ratio}')
        if online == (synthetic is not None):
            raise ValueError(
                'GANAugmentedDataset: give either a synthetic dataset '
                '(offline) or online=True with synthetic=None')
        if pipeline is None:
            pipeline = config_pipeline(real)
        self.synthetic_ratio = synthetic_ratio
        self.online = online
        self.real = build_inner_dataset(real)
        self.synthetic = build_inner_dataset(synthetic) if synthetic \
            else None
        self.pipeline = Compose(pipeline)
        # the synthetic labels' own convention: without it, mmseg's
        # LoadAnnotations(reduce_zero_label=True) asserts on every
        # synthetic sample or, told to reduce, shifts them a second time
        flag = getattr(self.synthetic, 'reduce_zero_label', None)
        self.synthetic_pipeline = self.pipeline if flag is None else \
            Compose(with_reduce_zero_label(pipeline, flag))
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        """The real dataset's metainfo (the synthetic one must agree)."""
        return copy.deepcopy(self.real.metainfo)

    def full_init(self) -> None:
        """Load both annotation lists, check metainfo, build the index map."""
        if self._fully_initialized:
            return
        self.real.full_init()
        num_real = len(self.real)
        if self.synthetic is not None:
            self.synthetic.full_init()
            diffs = _metainfo_difference(self.real.metainfo,
                                         self.synthetic.metainfo)
            if diffs:
                raise ValueError(
                    'GANAugmentedDataset: real and synthetic metainfo '
                    'disagree:\n  ' + '\n  '.join(diffs))
            num_syn_source = len(self.synthetic)
        else:
            num_syn_source = num_real
        if num_real == 0 or num_syn_source == 0:
            raise ValueError('GANAugmentedDataset: empty real or synthetic '
                             f'dataset (real {num_real}, synthetic '
                             f'{num_syn_source})')
        r = self.synthetic_ratio
        num_syn = int(round(num_real * r / (1 - r)))
        # a pass repeats the real set so that every synthetic source has a
        # slot: with few real images and many pairs per label map, one pass
        # of the real set alone would only ever reach its first sources
        repeat = max(1, -(-num_syn_source // num_syn)) if num_syn else 1
        num_syn *= repeat
        total = num_real * repeat + num_syn
        idx = np.arange(total)
        # evenly spread synthetic slots: slot i is synthetic when the
        # running count floor(i * num_syn / total) steps up
        is_syn = (idx + 1) * num_syn // total > idx * num_syn // total
        order = np.where(is_syn, np.cumsum(is_syn) - 1,
                         np.cumsum(~is_syn) - 1)
        self._is_synthetic = is_syn
        self._source_index = np.where(is_syn, order % num_syn_source,
                                      order % num_real)
        self.repeat = repeat
        self._fully_initialized = True
        print_log(
            f'GANAugmentedDataset: {num_real * repeat} real + {num_syn} '
            f'synthetic samples per pass '
            f'({"online" if self.online else "offline"}, '
            f'{num_syn_source} synthetic sources, ratio {r}'
            + (f', each real sample {repeat}x so that every synthetic '
               'source is seen' if repeat > 1 else '') + ')', 'current')

    def __len__(self) -> int:
        if not self._fully_initialized:
            self.full_init()
        return len(self._is_synthetic)

    def is_synthetic(self, idx: int) -> bool:
        """Whether index ``idx`` is a synthetic slot."""
        if not self._fully_initialized:
            self.full_init()
        return bool(self._is_synthetic[idx])

    def get_data_info(self, idx: int) -> dict:
        """The data info of index ``idx`` (before the pipeline)."""
        synthetic = self.is_synthetic(idx)
        source = self.synthetic if synthetic and not self.online \
            else self.real
        info = source.get_data_info(int(self._source_index[idx]))
        info['is_synthetic'] = synthetic
        return info

    def __getitem__(self, idx: int) -> dict:
        info = self.get_data_info(idx)
        offline_synthetic = info['is_synthetic'] and not self.online
        results = (self.synthetic_pipeline if offline_synthetic else
                   self.pipeline)(info)
        sample = results.get('data_samples') if isinstance(results,
                                                            dict) else None
        if sample is not None:
            sample.set_metainfo(
                dict(is_synthetic=info['is_synthetic'],
                     gan_synthesize=self.online and info['is_synthetic']))
        return results


def check_gan_aug_setup(cfg: Config) -> None:
    """Stop where an online GAN-aug training config would silently train
    on something else than it says.

    ``GANAugmentedDataset(online=True)`` only marks samples; without
    ``OnlineSynthesisDataPreprocessor`` as the model's data preprocessor
    nothing renders them and the run would train on duplicated real images.

    Args:
        cfg: The full config.

    Raises:
        ConfigCheckError: Online GAN-aug without the rendering preprocessor.
    """
    loader = cfg.get('train_dataloader') or {}
    for path, container, key in walk_config(loader, 'train_dataloader'):
        if key == 'type' and container.get('online') and is_type(
                container[key], GANAugmentedDataset, DATASETS,
                subclass=True):
            pre = ((cfg.get('model') or {}).get('data_preprocessor')
                   or {}).get('type')
            if not is_type(pre, 'OnlineSynthesisDataPreprocessor', MODELS,
                           subclass=True):
                raise ConfigCheckError(
                    f'{path[:-len(".type")]} is a GANAugmentedDataset with '
                    'online=True, but model.data_preprocessor is '
                    f'{pre!r}: set it to OnlineSynthesisDataPreprocessor '
                    '(with the synthesizer config and checkpoint), or it '
                    'would train on duplicated real images')
