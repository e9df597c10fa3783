"""The one check that a file named in a config or on a command line exists."""
import os.path as osp


def require_file(path: str, what: str) -> None:
    """Raise :class:`FileNotFoundError` naming ``what`` and ``path`` (with
    its absolute form) if ``path`` is not a local file.

    URLs and other mmengine backends (``scheme://...``) are not checked here;
    their loaders report their own errors.

    Args:
        path: File path.
        what: What the file is, for the message (e.g. ``'checkpoint'``).
    """
    if '://' in str(path):
        return
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{what} {path!r} does not exist (absolute: {osp.abspath(path)})')
