"""Render GAN images for the marked samples of a batch, on the device."""
from typing import Any, Dict, Optional

import torch
from mmengine.logging import print_log
from mmseg.models import SegDataPreProcessor
from mmseg.registry import MODELS

from ..gans.synthesizer_loading import load_synthesizer


@MODELS.register_module()
class OnlineSynthesisDataPreprocessor(SegDataPreProcessor):
    """mmseg's data preprocessor that first replaces the images of samples
    marked ``gan_synthesize`` (by :class:`GANAugmentedDataset` with
    ``online=True``) with images a frozen generator renders from their label
    maps, on the training device, instead of loading them in CPU workers.

    The generator sees the label map after the training pipeline (crop,
    flip); its output replaces the image before normalisation.

    Args:
        synthesizer_config: Config file of the trained synthesis GAN.
        synthesizer_checkpoint: Its checkpoint.
        **kwargs: :class:`mmseg.models.SegDataPreProcessor` arguments.
    """

    def __init__(self,
                 synthesizer_config: str,
                 synthesizer_checkpoint: Optional[str],
                 **kwargs) -> None:
        super().__init__(**kwargs)
        # kept out of the module tree: not trained, not checkpointed
        self.__dict__['synthesizer'] = load_synthesizer(
            synthesizer_config, synthesizer_checkpoint).requires_grad_(False)
        self.num_rendered = 0

    @torch.no_grad()
    def _render(self, data: dict) -> dict:
        samples = data.get('data_samples') or []
        marked = [
            i for i, s in enumerate(samples)
            if s.metainfo.get('gan_synthesize', False)
        ]
        if not marked:
            return data
        gan = self.synthesizer.to(self.device)
        imgs = gan.render(
            torch.stack([samples[i].gt_sem_seg.data[0] for i in marked]))
        inputs = list(data['inputs'])
        for k, i in enumerate(marked):  # BGR, as images are loaded
            inputs[i] = imgs['img'][k].to(inputs[i].dtype)
        if not self.num_rendered:
            print_log(
                f'OnlineSynthesisDataPreprocessor: rendering {len(marked)} '
                f'of {len(samples)} images of the batch on {self.device}',
                'current')
        self.num_rendered += len(marked)
        return dict(data, inputs=inputs)

    def forward(self, data: dict, training: bool = False) -> Dict[str, Any]:
        if training:
            data = self._render(self.cast_data(data))
        return super().forward(data, training)
