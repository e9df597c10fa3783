"""Refuse a checkpoint that does not fit the model it is loaded into."""
import copy
from typing import List, Union

import torch
from mmengine.logging import print_log
from mmengine.runner.checkpoint import (
    _load_checkpoint,
    _load_checkpoint_to_model,
)

from .config_check import ConfigCheckError
from .safe_checkpoint import UnsafeCheckpointError


class CheckpointMismatchError(ConfigCheckError):
    """A checkpoint leaves some of the model's weights unloaded."""


class CheckpointReadError(ConfigCheckError):
    """A checkpoint file cannot be read (cut short, damaged, not one)."""


def read_checkpoint(filename: str) -> dict:
    """mmengine's checkpoint loading, with the file named on failure.

    Args:
        filename: Checkpoint file or URL.

    Returns:
        dict: The checkpoint.

    Raises:
        CheckpointReadError: The file cannot be unpickled.
        UnsafeCheckpointError: It holds objects that are not weights.
    """
    try:
        return _load_checkpoint(filename, map_location='cpu')
    except (UnsafeCheckpointError, FileNotFoundError):
        raise
    except Exception as e:  # noqa: BLE001 - torch raises many kinds here
        raise CheckpointReadError(
            f'checkpoint {filename} cannot be read ({type(e).__name__}: '
            f'{str(e).strip().splitlines()[0] if str(e).strip() else ""}); '
            'is the file complete?') from e


def _example(keys: List[str]) -> str:
    return f' (e.g. {keys[0]!r})' if keys else ''


def check_checkpoint_fits(model: torch.nn.Module,
                          checkpoint: Union[str, dict],
                          name: str = 'checkpoint') -> List[str]:
    """Raise unless ``checkpoint`` holds every weight of ``model``.

    mmengine loads non-strictly and only warns, so a checkpoint of another
    model silently leaves random weights: tests report metrics of noise and
    a synthesizer renders noise. Extra keys are allowed (a cGAN checkpoint
    carries its discriminator; a plain ``EncoderDecoder`` ignores it).

    Args:
        model: The (unwrapped) model.
        checkpoint: A loaded checkpoint dict, or its file / URL.
        name: How to call the checkpoint in the message (its path).

    Returns:
        list[str]: The checkpoint's keys the model does not have.

    Raises:
        CheckpointMismatchError: Naming the counts of missing, unexpected
            and differently shaped weights, with an example of each.
    """
    if isinstance(checkpoint, str):
        name, checkpoint = checkpoint, read_checkpoint(checkpoint)
    state = checkpoint.get('state_dict', checkpoint)
    state = {(k[7:] if k.startswith('module.') else k): v
             for k, v in state.items()}
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    reshaped = [
        f'{k}: checkpoint {tuple(state[k].shape)} vs model '
        f'{tuple(own[k].shape)}' for k in own
        if k in state and hasattr(state[k], 'shape')
        and tuple(state[k].shape) != tuple(own[k].shape)
    ]
    if missing or reshaped:
        raise CheckpointMismatchError(
            f'{name} does not fit the {type(model).__name__} of the config: '
            f'{len(missing)} of its {len(own)} weights are missing'
            f'{_example(missing)}, {len(unexpected)} checkpoint keys are '
            f'unexpected{_example(unexpected)}, {len(reshaped)} have another '
            f'shape{_example(reshaped)}; is it a checkpoint of this config?')
    return unexpected


def load_fitting_checkpoint(model: torch.nn.Module, filename: str) -> dict:
    """Load ``filename`` into ``model`` after :func:`check_checkpoint_fits`.

    Args:
        model: The (unwrapped) model.
        filename: Checkpoint file or URL.

    Returns:
        dict: The loaded checkpoint.
    """
    checkpoint = read_checkpoint(filename)
    unexpected = check_checkpoint_fits(model, checkpoint, filename)
    if unexpected:
        print_log(
            f'{filename}: {len(unexpected)} keys the model does not use are '
            f'ignored{_example(unexpected)}', logger='current')
    _load_checkpoint_to_model(model, checkpoint, strict=False)
    return checkpoint


def _optimizer_layout(state: dict) -> dict:
    """``{wrapper name: [params per group]}`` of an optimizer state dict
    (one unnamed wrapper, or an ``OptimWrapperDict``'s)."""
    if 'param_groups' in state:
        return {None: [len(g['params']) for g in state['param_groups']]}
    return {name: _optimizer_layout(sub)[None]
            for name, sub in state.items() if isinstance(sub, dict)}


def check_resume_fits(cfg, filename: str) -> None:
    """Raise unless ``filename``, the checkpoint ``--resume`` continues
    from, was written for this config's model and optimizers.

    mmengine would otherwise fail inside the resume (``Mismatched
    state_dict``, ``parameter group doesn't match``, a size mismatch) after
    writing the new config next to the old one in the work dir.

    Args:
        cfg: The training config (``model``, ``optim_wrapper``).
        filename: The checkpoint.

    Raises:
        CheckpointMismatchError: Naming the checkpoint and what differs.
    """
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import DefaultScope
    from mmseg.registry import MODELS
    checkpoint = read_checkpoint(filename)
    how = ('resume with the config that wrote it, or train this one in '
           'another --work-dir')
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope',
                                                      'mmseg')):
        model = MODELS.build(copy.deepcopy(cfg.model))
        try:
            check_checkpoint_fits(model, checkpoint, filename)
        except CheckpointMismatchError as exc:
            raise CheckpointMismatchError(f'--resume: {exc} ({how})') from None
        saved = checkpoint.get('optimizer')
        if not saved or not cfg.get('optim_wrapper'):
            return
        optim = build_optim_wrapper(model, copy.deepcopy(cfg.optim_wrapper))
    want = _optimizer_layout(optim.state_dict())
    have = _optimizer_layout(saved)
    if want != have:
        def say(layout):
            return ', '.join(f'{name or "one optimizer"}: groups of '
                             f'{counts} parameters'
                             for name, counts in layout.items())
        raise CheckpointMismatchError(
            f'--resume: {filename} was written with other optimizers '
            f'({say(have)}) than this config builds ({say(want)}); {how}')
