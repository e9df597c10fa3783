"""Fail before the first iteration if model and dataset class counts differ."""
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from ...utils import unwrap


@HOOKS.register_module()
class NumClassesCheckHook(Hook):
    """Compare the model's ``num_classes`` with the training dataset's.

    The model's count is its ``num_classes`` attribute (the synthesis GAN) or
    its decode head's (segmentors). A mismatch stops the run before the
    first iteration with both numbers.
    """
    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        model = unwrap(runner.model)
        num_classes = getattr(model, 'num_classes', None)
        key = 'model.num_classes'
        if num_classes is None and hasattr(model, 'decode_head'):
            num_classes = model.decode_head.num_classes
            key = 'model.decode_head.num_classes'
        dataset = runner.train_dataloader.dataset
        classes = dataset.metainfo.get('classes')
        if num_classes is None or classes is None:
            return
        if num_classes != len(classes):
            raise ValueError(
                f'{key} is {num_classes} but the training dataset '
                f'({type(dataset).__name__}) has {len(classes)} classes: '
                f'{tuple(classes)}')
