"""PNG files encoded, hashed and written beside the rendering thread."""
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Deque, Dict, Optional, Tuple

import numpy as np

from ..datasets.synthetic_folder import write_png

# {key: (array, path)}: files written together by one task
PngFiles = Dict[str, Tuple[np.ndarray, str]]


def _write_all(files: PngFiles) -> Dict[str, str]:
    return {key: write_png(img, path) for key, (img, path) in files.items()}


class PngWriterPool:
    """Write PNG files on worker threads while the caller renders on.

    Each file is written by :func:`write_png` (encode, temporary name,
    rename), so it is complete or absent whatever happens; PNG encoding,
    SHA-256 and file writes release the GIL, so they overlap the rendering.
    One task writes a group of files (an image and its label), which keeps
    the hand-overs between threads few. At most ``max_pending`` tasks wait
    or run: a further :meth:`submit` first collects the oldest, which
    bounds memory.

    A failed write re-raises its own exception in the caller, at the
    :meth:`submit` or :meth:`checksums` that collects it. Leaving the
    ``with`` block on an exception cancels the tasks that have not started
    and waits for those running, so nothing writes into the folder after
    the exception has left it.

    Example::

        with PngWriterPool() as pool:
            for name, img, label in pairs:
                pool.submit({f'img/{name}': (img, img_path),
                             f'ann/{name}': (label, label_path)})
            checksums = pool.checksums()

    Args:
        workers: Writer threads. Defaults to the CPU count, at most 4.
        max_pending: Tasks submitted and not yet collected, at most.
    """

    def __init__(self, workers: Optional[int] = None,
                 max_pending: int = 16) -> None:
        if max_pending < 1:
            raise ValueError(f'max_pending must be >= 1, got {max_pending}')
        workers = workers or min(4, os.cpu_count() or 1)
        self._executor = ThreadPoolExecutor(
            workers, thread_name_prefix='png-writer')
        self._pending: Deque[Future] = deque()
        self._max_pending = max_pending
        self._checksums: Dict[str, str] = {}

    def submit(self, files: PngFiles) -> None:
        """Queue ``{key: (array, path)}`` to be written by one task; each
        file's checksum is recorded under its key.

        The arrays must not be changed afterwards (they are written later).
        """
        while len(self._pending) >= self._max_pending:
            self._collect_oldest()
        self._pending.append(self._executor.submit(_write_all, files))

    def checksums(self) -> Dict[str, str]:
        """Wait for every queued write.

        Returns:
            dict: The SHA-256 of each written file, by key, in submission
            order.
        """
        while self._pending:
            self._collect_oldest()
        return dict(self._checksums)

    def _collect_oldest(self) -> None:
        # a write's error raises here
        self._checksums.update(self._pending.popleft().result())

    def __enter__(self) -> 'PngWriterPool':
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.checksums()  # a write's error is not lost
        except BaseException:
            exc_type = BaseException
            raise
        finally:
            # cancel_futures: writes not started are dropped after an error
            self._executor.shutdown(wait=True,
                                    cancel_futures=exc_type is not None)
            self._pending.clear()
