"""Use an adversarially trained checkpoint as a plain mmseg segmentor."""
import os.path as osp

import torch

from ..utils.safe_checkpoint import mmengine_checkpoint_globals


def to_plain_segmentor_checkpoint(src: str, dst: str,
                                  prefix: str = 'adversarial_head.') -> int:
    """Write ``src`` without the discriminator and optimizer state.

    The result loads into the plain mmseg config (``EncoderDecoder``) with
    ``strict=True``: ``tools/test.py PLAIN_CONFIG dst``.

    Args:
        src: Checkpoint of an :class:`AdversarialSegmentor`.
        dst: Output path.
        prefix: State-dict prefix of the dropped part.

    Returns:
        int: Number of dropped tensors.
    """
    if not osp.isfile(src):
        raise FileNotFoundError(f'checkpoint {src!r} does not exist')
    with torch.serialization.safe_globals(mmengine_checkpoint_globals()):
        ckpt = torch.load(src, map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    kept = {k: v for k, v in state.items() if not k.startswith(prefix)}
    torch.save(dict(meta=ckpt.get('meta', {}), state_dict=kept), dst)
    return len(state) - len(kept)
