"""Walk every dict entry of a nested config."""
from typing import Any, Iterator, Tuple


def walk_config(node: Any,
                path: str = '') -> Iterator[Tuple[str, Any, Any]]:
    """Yield ``(key_path, container, key)`` for every dict entry.

    Lists and tuples are entered too (``'a.b[0].c'``); ``container[key]``
    is the value, so a caller can replace it in place.

    Args:
        node: A config, dict, list or leaf value.
        path: The key path of ``node`` (``''`` for the root).

    Yields:
        tuple: The entry's key path, the dict holding it and its key.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f'{path}.{key}' if path else str(key)
            yield sub, node, key
            yield from walk_config(value, sub)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from walk_config(value, f'{path}[{i}]')
