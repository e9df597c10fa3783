"""The held-out loss after one segmentor step on synthetic pairs, and its
gradient with respect to the generator (GenSeg's hypergradient)."""
from typing import Dict, List, Sequence, Tuple, Union

import torch
import torch.nn as nn
from torch import Tensor
from torch.func import functional_call

Batch = Tuple[Tensor, list]
LearningRate = Union[float, Dict[str, float]]


def segmentor_loss(segmentor: nn.Module, params: Dict[str, Tensor],
                   buffers: Dict[str, Tensor], batch: Batch) -> Tensor:
    """The segmentor's training loss (its ``parse_losses`` total) with
    ``params`` and ``buffers`` in place of its own."""
    inputs, data_samples = batch
    losses = functional_call(segmentor, (params, buffers),
                             (inputs, data_samples), dict(mode='loss'))
    return segmentor.parse_losses(losses)[0]


def detached_state(segmentor: nn.Module
                   ) -> Tuple[Dict[str, Tensor], Dict[str, Tensor]]:
    """Leaf copies of the trainable parameters (the frozen ones as they
    are) and cloned buffers: functional calls on them leave the
    segmentor's ``.grad`` and BatchNorm running statistics untouched."""
    params = {
        n: p.detach().requires_grad_(p.requires_grad)
        for n, p in segmentor.named_parameters()
    }
    buffers = {n: b.detach().clone() for n, b in segmentor.named_buffers()}
    return params, buffers


def _step_sizes(params: Dict[str, Tensor], lr: LearningRate
                ) -> Dict[str, float]:
    """The step size of each trainable parameter (0 where none)."""
    if isinstance(lr, dict):
        return {n: lr.get(n, 0.0) if p.requires_grad else 0.0
                for n, p in params.items()}
    return {n: lr if p.requires_grad else 0.0 for n, p in params.items()}


def _grads(loss: Tensor, tensors: Sequence[Tensor], **kwargs
           ) -> List[Tensor]:
    """``autograd.grad`` with zeros for the tensors ``loss`` skips."""
    grads = torch.autograd.grad(loss, list(tensors), allow_unused=True,
                                **kwargs)
    return [torch.zeros_like(t) if g is None else g
            for t, g in zip(tensors, grads)]


def unrolled_heldout_loss(segmentor: nn.Module, synthetic: Batch,
                          held_out: Batch, lr: LearningRate) -> Tensor:
    """``L_seg(θ'; held_out)`` with ``θ' = θ - lr * ∇θ L_seg(θ; synthetic)``.

    The step is differentiable (``create_graph=True``): the result depends
    on whatever produced ``synthetic``'s inputs (the generator) through
    ``θ'``. ``θ`` are detached copies (see :func:`detached_state`); both
    calls run in the segmentor's current mode (train: BatchNorm normalises
    by each batch).

    Args:
        segmentor: The unwrapped mmseg segmentor.
        synthetic: ``(inputs, data_samples)`` of the synthetic pairs.
        held_out: ``(inputs, data_samples)`` of held-out real pairs.
        lr: Step size, one for all or one per parameter name.
    """
    params, buffers = detached_state(segmentor)
    train = {n: p for n, p in params.items() if p.requires_grad}
    inner = segmentor_loss(segmentor, params, buffers, synthetic)
    grads = _grads(inner, list(train.values()), create_graph=True)
    steps = _step_sizes(params, lr)
    updated = dict(params)
    for (name, p), g in zip(train.items(), grads):
        updated[name] = p - steps[name] * g
    return segmentor_loss(segmentor, updated, buffers, held_out)


def task_hypergradient(segmentor: nn.Module, synthetic: Batch,
                       held_out: Batch, lr: LearningRate,
                       wrt: Sequence[Tensor], method: str = 'exact',
                       fd_scale: float = 0.01
                       ) -> Tuple[Tensor, List[Tensor]]:
    """The held-out loss after the unrolled step and its gradient w.r.t.
    ``wrt`` (generator parameters that produced ``synthetic``'s inputs).

    ``'exact'`` differentiates :func:`unrolled_heldout_loss` (a double
    backward through the segmentor). ``'finite_difference'`` is DARTS'
    approximation of the same second-order term (Liu et al. 2019, eq. 8):
    with ``v = ∇θ' L_seg(θ'; held_out)`` and ``u = lr ⊙ v``,
    ``-(∇ L_seg(θ + εu; synthetic) - ∇ L_seg(θ - εu; synthetic)) / 2ε``
    (gradients w.r.t. ``wrt``, ``ε = fd_scale / ‖u‖``): first derivatives
    only, two more segmentor passes on the synthetic batch, no graph of a
    gradient kept. Both share one random state between ``θ ± εu``
    (dropout).

    Returns:
        tuple: The (detached) held-out loss and one gradient per ``wrt``.
    """
    if method == 'exact':
        loss = unrolled_heldout_loss(segmentor, synthetic, held_out, lr)
        return loss.detach(), _grads(loss, wrt)
    if method != 'finite_difference':
        raise ValueError("hypergradient must be 'exact' or "
                         f"'finite_difference', got {method!r}")
    params, buffers = detached_state(segmentor)
    train = {n: p for n, p in params.items() if p.requires_grad}
    steps = _step_sizes(params, lr)
    detached = (synthetic[0].detach(), synthetic[1])
    grads = _grads(segmentor_loss(segmentor, params, buffers, detached),
                   list(train.values()))
    updated = dict(params)
    for (name, p), g in zip(train.items(), grads):
        updated[name] = (p - steps[name] * g).detach().requires_grad_()
    loss = segmentor_loss(segmentor, updated, buffers, held_out)
    v = _grads(loss, [updated[n] for n in train])
    u = [steps[n] * g for n, g in zip(train, v)]
    norm = torch.sqrt(sum((x * x).sum() for x in u))
    eps = fd_scale / norm.clamp(min=1e-12)
    device = synthetic[0].device
    cuda = [device.index or 0] if device.type == 'cuda' else []
    seed = int(torch.randint(0, 2**31 - 1, ()))
    sides = []
    for sign in (1, -1):
        shifted = dict(params)
        for (name, p), d in zip(train.items(), u):
            shifted[name] = p.detach() + sign * eps * d
        with torch.random.fork_rng(devices=cuda):
            torch.manual_seed(seed)
            sides.append(_grads(
                segmentor_loss(segmentor, shifted, buffers, synthetic), wrt,
                retain_graph=sign == 1))
    return loss.detach(), [-(a - b) / (2 * eps) for a, b in zip(*sides)]
