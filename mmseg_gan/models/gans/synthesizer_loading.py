"""Load a trained synthesis GAN for inference."""
from typing import Optional, Union

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from ...utils import load_fitting_checkpoint
from ...utils.file_check import require_file


def load_synthesizer(config: Union[str, Config],
                     checkpoint: Optional[str],
                     device: str = 'cpu') -> torch.nn.Module:
    """Build a :class:`SemanticSynthesisGAN` from its config and checkpoint.

    Args:
        config: The GAN's training config (file or ``Config``).
        checkpoint: Its checkpoint (local file or URL); ``None`` keeps the
            initial weights (tests).
        device: Device to put the model on.

    Returns:
        nn.Module: The model in eval mode; its generator EMA is used for
        generation when the config has one.

    Raises:
        CheckpointMismatchError: The checkpoint lacks weights of the model
            (e.g. it belongs to another model).
    """
    if isinstance(config, str):
        require_file(config, 'synthesizer config')
        config = Config.fromfile(config)
    if checkpoint is not None:
        require_file(checkpoint, 'synthesizer checkpoint')
    init_default_scope(config.get('default_scope', 'mmseg'))
    model = MODELS.build(config.model)
    if checkpoint is not None:
        # a checkpoint of another model would render from random weights
        load_fitting_checkpoint(model, checkpoint)
    model.cfg = config
    return model.to(device).eval()
