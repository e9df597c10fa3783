"""Write a file so that readers never see a partial one."""
import os
import os.path as osp
from typing import Callable


def atomic_write(path: str, write: Callable[[str], None]) -> None:
    """Call ``write(tmp)`` on a temporary name beside ``path``, then rename.

    The temporary name (``.<name>.tmp<pid><ext>``) keeps the extension, so
    writers that pick the format from it (matplotlib, cv2) work; it is
    removed if ``write`` fails. The folder is created if needed.

    Args:
        path: The file to write.
        write: Writes the content to the path it is given.
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    name = osp.basename(path)
    tmp = osp.join(folder,
                   f'.{name}.tmp{os.getpid()}{osp.splitext(name)[1]}')
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)
