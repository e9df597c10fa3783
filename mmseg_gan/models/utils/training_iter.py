"""The current training iteration, as every model of the package reads it."""
from mmengine.logging import MessageHub


def current_iter() -> int:
    """The 0-based iteration the Runner is training.

    mmengine's ``RuntimeInfoHook`` writes it to the ``MessageHub`` before
    each training iteration; outside a Runner it is 0. The update schedule
    (``discriminator_steps`` / ``discriminator_interval``), the warm-up of
    λ_adv and the start of self-training all read it here.

    Returns:
        int: The iteration, 0 before the first.
    """
    return MessageHub.get_current_instance().get_info('iter', 0)
