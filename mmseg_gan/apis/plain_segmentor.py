"""Use an adversarially or end-to-end trained checkpoint as a plain mmseg
segmentor."""

import torch

from ..utils.atomic_write import atomic_write
from ..utils.checkpoint_fit import read_checkpoint
from ..utils.file_check import require_file

# AdversarialSegmentor: the segmentor's own names plus its discriminator
DISCRIMINATOR_PREFIX = 'adversarial_head.'
# EndToEndGANAug: the segmentor under one name beside the GAN's networks
SEGMENTOR_PREFIX = 'segmentor.'


def to_plain_segmentor_checkpoint(src: str, dst: str) -> int:
    """Write the segmentor of ``src`` alone, without optimizer state.

    An :class:`AdversarialSegmentor` checkpoint loses its discriminator
    (``adversarial_head.*``); an :class:`EndToEndGANAug` checkpoint keeps
    its ``segmentor.*`` tensors, renamed without that prefix (generator,
    discriminator and their EMA copies dropped). The result loads into the
    plain mmseg config (``EncoderDecoder``) with ``strict=True``:
    ``tools/test.py PLAIN_CONFIG dst``.

    Args:
        src: Checkpoint of an :class:`AdversarialSegmentor` or an
            :class:`EndToEndGANAug`.
        dst: Output path.

    Returns:
        int: Number of dropped tensors.
    """
    require_file(src, 'checkpoint')
    ckpt = read_checkpoint(src)  # names the file if damaged or unsafe
    state = ckpt.get('state_dict', ckpt)
    if any(k.startswith(SEGMENTOR_PREFIX) for k in state):
        kept = {k[len(SEGMENTOR_PREFIX):]: v for k, v in state.items()
                if k.startswith(SEGMENTOR_PREFIX)}
    else:
        kept = {k: v for k, v in state.items()
                if not k.startswith(DISCRIMINATOR_PREFIX)}
    atomic_write(dst, lambda tmp: torch.save(
        dict(meta=ckpt.get('meta', {}), state_dict=kept), tmp))
    return len(state) - len(kept)
