"""Use an adversarially trained checkpoint as a plain mmseg segmentor."""

import torch

from ..utils.atomic_write import atomic_write
from ..utils.checkpoint_fit import read_checkpoint
from ..utils.file_check import require_file


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
    require_file(src, 'checkpoint')
    ckpt = read_checkpoint(src)  # names the file if damaged or unsafe
    state = ckpt.get('state_dict', ckpt)
    kept = {k: v for k, v in state.items() if not k.startswith(prefix)}
    atomic_write(dst, lambda tmp: torch.save(
        dict(meta=ckpt.get('meta', {}), state_dict=kept), tmp))
    return len(state) - len(kept)
