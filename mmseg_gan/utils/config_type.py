"""Whether a config's ``type`` names a given registered class.

A ``type`` may be written with or without its scope (``'CityscapesDataset'``,
``'mmseg.CityscapesDataset'``), as a dotted import path
(``'mmseg.datasets.CityscapesDataset'``) or as the class itself (pure Python
configs). Comparing strings misses all but one of these spellings, so
checks of a config resolve the name through the registry that builds it and
compare classes. This module names no class of its own: callers pass the
registered name they look for.
"""
from typing import Any, Optional, Sequence, Union

Target = Union[str, type]


def resolve_type(type_: Any, registry) -> Optional[type]:
    """The class that ``registry`` builds for ``type_``, or None.

    Args:
        type_: A config's ``type``: a registered name (scoped or not), a
            dotted import path, or a class.
        registry: The mmengine registry that builds it (e.g.
            ``mmseg.registry.DATASETS``); parents and sibling scopes are
            searched as :meth:`mmengine.Registry.get` does.

    Returns:
        type | None: None for a name the registry does not know.
    """
    if isinstance(type_, type):
        return type_
    if not isinstance(type_, str) or not type_:
        return None
    try:
        found = registry.get(type_)
    except Exception:  # unknown scope or import path
        return None
    return found if isinstance(found, type) else None


def _bare_name(type_: Any) -> Optional[str]:
    if isinstance(type_, type):
        return type_.__name__
    if isinstance(type_, str) and type_:
        return type_.rsplit('.', 1)[-1]
    return None


def is_type(type_: Any,
            target: Union[Target, Sequence[Target]],
            registry,
            subclass: bool = False) -> bool:
    """Whether the config ``type`` ``type_`` is the registered ``target``.

    Both are resolved through ``registry`` and compared as classes, so
    ``'mmseg.X'``, ``'X'`` and ``X`` itself are the same type. A name the
    registry cannot resolve (an unknown scope such as ``'mmseg_gan.X'``, or
    a module not imported yet) falls back to its name without scope.

    Args:
        type_: A config's ``type`` (string or class); None is no type.
        target: The registered name (or class) looked for, or several.
        registry: The mmengine registry that builds ``type_``.
        subclass: Also accept subclasses of ``target``.

    Returns:
        bool
    """
    if type_ is None:
        return False
    targets = [target] if isinstance(target, (str, type)) else list(target)
    cls = resolve_type(type_, registry)
    for want in targets:
        want_cls = resolve_type(want, registry)
        if cls is not None and want_cls is not None:
            if cls is want_cls or (subclass and issubclass(cls, want_cls)):
                return True
        elif _bare_name(type_) == _bare_name(want):
            return True
    return False
