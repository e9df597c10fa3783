"""Write a file so that readers never see a partial one."""
import json
import os
import os.path as osp
from typing import Callable


def durable_replace(tmp: str, path: str) -> None:
    """Flush ``tmp`` to disk, rename it to ``path`` and flush the folder.

    After a crash (kill -9, power loss) ``path`` is either its old content
    or the complete new one.

    Args:
        tmp: A finished file beside ``path``.
        path: Its final name.
    """
    with open(tmp, 'rb') as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(osp.dirname(osp.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str,
                 write: Callable[[str], None],
                 durable: bool = False) -> None:
    """Call ``write(tmp)`` on a temporary name beside ``path``, then rename.

    The temporary name (``.<name>.tmp<pid><ext>``) keeps the extension, so
    writers that pick the format from it (matplotlib, cv2) work; it is
    removed if ``write`` fails. The folder is created if needed.

    Args:
        path: The file to write.
        write: Writes the content to the path it is given.
        durable: Also flush the file and its folder to disk
            (:func:`durable_replace`); slower, for files whose loss costs
            work (checkpoints, ``last_checkpoint``).
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    name = osp.basename(path)
    tmp = osp.join(folder,
                   f'.{name}.tmp{os.getpid()}{osp.splitext(name)[1]}')
    try:
        write(tmp)
        if durable:
            durable_replace(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)


def atomic_write_bytes(path: str, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` with :func:`atomic_write`.

    Args:
        path: The file to write.
        data: Its complete content.
        durable: See :func:`atomic_write`.
    """
    def write(tmp: str) -> None:
        with open(tmp, 'wb') as f:
            f.write(data)

    atomic_write(path, write, durable=durable)


def atomic_write_json(path: str, obj, durable: bool = False) -> None:
    """Write ``obj`` as indented JSON to ``path`` with :func:`atomic_write`.

    ``obj`` is serialized before anything is written, so an object
    ``json`` cannot take leaves no file and no temporary one.

    Args:
        path: The file to write.
        obj: Anything ``json.dumps`` takes.
        durable: See :func:`atomic_write`.
    """
    atomic_write_bytes(path, json.dumps(obj, indent=1).encode(),
                       durable=durable)
