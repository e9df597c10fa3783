"""Build mmagic modules from mmseg code (reused, not copied; imported on
first use)."""
from typing import Any

from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from ...utils.mmagic_import import import_mmagic


def build_mmagic_module(cfg: dict) -> Any:
    """Build ``cfg`` under the mmagic default scope.

    mmagic modules build their inner layers by name; under mmseg's scope
    those names would be looked up in mmseg's registry and fail.

    Modules with parameters are initialised here with mmagic's
    ``generation_init_weights`` (convs N(0, 0.02), BatchNorm N(1, 0.02): the
    pix2pix / DCGAN scheme) and marked as initialised, because mmagic
    1.2.0's own ``init_weights`` of these modules fails (an unbound
    ``init_info`` in UnetGenerator inside a parent's init, always in DCGAN).

    Args:
        cfg: Config whose ``type`` names an mmagic module, with or without
            the ``mmagic.`` prefix.

    Returns:
        The built module.
    """
    init_weights = import_mmagic('mmagic.models.utils').generation_init_weights
    cfg = dict(cfg)
    if '.' not in cfg['type']:
        cfg['type'] = f"mmagic.{cfg['type']}"
    with DefaultScope.overwrite_default_scope('mmagic'):
        module = MODELS.build(cfg)
    if any(True for _ in module.parameters()):
        init_weights(module, init_type='normal', init_gain=0.02)
        module._is_init = True  # mmengine skips it in the parent's init
    return module
