"""Clear errors for files and folders a config names that do not exist."""
import os.path as osp

from mmengine.config import Config

from .config_walk import walk_config
from .file_check import require_file


class ConfigCheckError(Exception):
    """A config names something that does not exist (file, folder)."""


def check_file(path: str, what: str) -> None:
    """Raise a clear error if ``path`` (a local file) does not exist.

    Args:
        path: File path; URLs and other mmengine schemes are not checked.
        what: What the file is, for the message (e.g. ``'checkpoint'``).
    """
    try:
        require_file(path, what)
    except FileNotFoundError as exc:
        raise ConfigCheckError(str(exc)) from None


def _check_split_file(path: str, key: str) -> None:
    """A split file (``ann_file``, ``labeled_split``) names an image."""
    if not osp.isfile(path):
        raise ConfigCheckError(
            f'split file {path!r} (config key {key}) does not exist')
    with open(path) as f:
        if not any(line.strip() for line in f):
            raise ConfigCheckError(
                f'split file {path!r} (config key {key}) lists no image; '
                'write one image name per line (tools/dataset_converters/'
                'make_labeled_split.py) or drop the key to use every image')


def check_data_roots(cfg: Config, mode: str = 'train') -> None:
    """Raise a clear error if a dataloader's ``data_root`` does not exist,
    or a split file it names (``ann_file``, ``labeled_split``) is missing
    or empty.

    Only the dataloaders the Runner builds for ``mode`` are checked:
    training builds the train loader and, when ``val_cfg`` is set, the val
    loader; testing builds the test loader.

    Args:
        cfg: The full config.
        mode: ``'train'`` or ``'test'``.

    Raises:
        ConfigCheckError: Naming the key and the missing folder or the
            missing or empty split file.
    """
    if mode == 'train':
        loaders = ['train_dataloader']
        if cfg.get('val_cfg'):
            loaders.append('val_dataloader')
    elif mode == 'test':
        loaders = ['test_dataloader']
    else:
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    for loader in loaders:
        if not cfg.get(loader):
            continue
        for path, container, key in walk_config(cfg[loader], loader):
            if key != 'data_root':
                continue
            root = container[key]
            if isinstance(root, str) and root and not osp.isdir(root):
                raise ConfigCheckError(
                    f'data root {root!r} (config key {path}) does not exist '
                    f'(absolute: {osp.abspath(root)}); prepare the dataset '
                    f'(see README "Data preparation") or override it with '
                    f'--cfg-options {path}=PATH')
        for path, container, key in walk_config(cfg[loader], loader):
            value = container[key]
            if key in ('ann_file', 'labeled_split') and \
                    isinstance(value, str) and value:
                root = container.get('data_root') if key == 'ann_file' \
                    else None  # mmseg joins ann_file to the data root
                _check_split_file(
                    value if osp.isabs(value) or not root else
                    osp.join(root, value), path)
