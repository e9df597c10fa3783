"""Stop a run whose crop is larger than the images it crops."""
from typing import Optional

from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from ...utils import unwrap


@HOOKS.register_module()
class InputSizeCheckHook(Hook):
    """Before the first iteration, compare the first batch's images (as the
    pipeline leaves them) with the size the data preprocessor pads them to.

    mmseg's ``RandomCrop`` keeps an image smaller than ``crop_size`` whole,
    and ``SegDataPreProcessor(size=crop_size)`` pads it up: a crop larger
    than the images trains on padding at the cost of the full crop. When
    even the batch's largest image covers less than ``min_content`` of the
    padded input, the run stops with one line naming both sizes and a
    file. ``tools/train.py`` adds
    this hook to every run.

    Args:
        min_content: The smallest share of the padded input area the
            images may cover. Defaults to 0.5.
    """
    priority = 'VERY_HIGH'

    def __init__(self, min_content: float = 0.5) -> None:
        self.min_content = min_content
        self._checked = False

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        if self._checked or not data_batch or 'inputs' not in data_batch:
            return
        self._checked = True
        size = getattr(unwrap(runner.model).data_preprocessor, 'size', None)
        inputs = data_batch['inputs']
        if not size or not isinstance(inputs, (list, tuple)):
            return
        shares = [
            min(img.shape[-2], size[0]) * min(img.shape[-1], size[1]) /
            (size[0] * size[1]) for img in inputs
        ]
        # the batch's best image: random rescaling may shrink some
        i = max(range(len(shares)), key=shares.__getitem__)
        share = shares[i]
        if share < self.min_content:
            h, w = inputs[i].shape[-2:]
            samples = data_batch.get('data_samples') or []
            path = samples[i].metainfo.get('img_path', '?') \
                if i < len(samples) else '?'
            raise ValueError(
                f'model.data_preprocessor.size is {tuple(size)} but the '
                f'training pipeline gives images of at most {h}x{w} '
                f'({path}): {1 - share:.0%} of each input would be padding. '
                'Use a RandomCrop crop_size and data_preprocessor.size of at '
                'most the image size (or resize the images up first)')
