"""A hook that records what the model is fed in online GAN-aug training
(tests that rendered images replace the real ones; imported by the test
config).

It wraps the model's data preprocessor: for every training batch it saves
the slots marked ``gan_synthesize`` (the synthetic slots of
``GANAugmentedDataset(online=True)``), the batch the model received and the
batch mmseg's plain ``SegDataPreProcessor`` makes of the same samples (the
real images, nothing rendered) to ``path`` (``torch.save``, a list with one
entry per batch).
"""
import torch
from mmengine.hooks import Hook
from mmseg.models import SegDataPreProcessor
from mmseg.registry import HOOKS


@HOOKS.register_module()
class RecordOnlineRenderHook(Hook):

    def __init__(self, path: str) -> None:
        self.path = path
        self.records = []

    def before_train(self, runner) -> None:
        pre = getattr(runner.model, 'module', runner.model).data_preprocessor
        wrapped = pre.forward

        def forward(data, training=False):
            out = wrapped(data, training)
            if training:
                plain = SegDataPreProcessor.forward(pre, data, training)
                self.records.append(dict(
                    marked=[bool(s.metainfo.get('gan_synthesize', False))
                            for s in data['data_samples']],
                    fed=out['inputs'].detach().cpu(),
                    real=plain['inputs'].detach().cpu()))
                torch.save(self.records, self.path)
            return out

        pre.forward = forward
