"""Command-line helpers shared by the tools: runner flags, config loading,
and one ``error: ...`` line instead of a traceback."""
import argparse
import contextlib
import os
import os.path as osp
import sys
from typing import Iterator

from mmengine.config import Config, DictAction

from .config_check import ConfigCheckError

DEBUG_ENV = 'MMSEG_GAN_DEBUG'


def add_runner_args(parser: argparse.ArgumentParser) -> None:
    """The flags mmseg's train and test tools share.

    ``--cfg-options``, ``--launcher``, ``--local-rank`` (``--local_rank``)
    and ``--debug``.
    """
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override some settings in the used config, the key-value pair '
        'in xxx=yyy format will be merged into config file. If the value to '
        'be overwritten is a list, it should be like key="[a,b]" or key=a,b '
        'It also allows nested list/tuple values, e.g. key="[(a,b),(c,d)]" '
        'Note that the quotation marks are necessary and that no white space '
        'is allowed.')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank (torch >= 2.0)
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    add_debug_arg(parser)


def load_runner_cfg(args: argparse.Namespace) -> Config:
    """Read ``args.config`` the way mmseg's tools do.

    Sets ``LOCAL_RANK`` if unset, the launcher, ``--cfg-options`` and the
    work dir (CLI > config > ``./work_dirs/<config name>``).

    Args:
        args: Parsed arguments with ``config``, ``work_dir``, ``launcher``,
            ``cfg_options`` and ``local_rank``.

    Returns:
        Config: The config.
    """
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    if not osp.isfile(args.config):
        raise ConfigCheckError(f'config file {args.config!r} does not exist')
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    return cfg


def add_debug_arg(parser: argparse.ArgumentParser) -> None:
    """``--debug``: show the traceback of a failure (see :func:`cli_errors`).
    """
    parser.add_argument(
        '--debug', action='store_true',
        help=f'show the full traceback of an error (or set {DEBUG_ENV}=1)')


def error_line(exc: BaseException) -> str:
    """One line saying what failed: the innermost message, no traceback.

    An error raised in a DataLoader worker arrives wrapped ("Caught
    ValueError in DataLoader worker process 0. Original Traceback ...");
    its last line is the original error.
    """
    text = str(exc).strip()
    if isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if 'Original Traceback' in text and lines:
        return lines[-1]
    if isinstance(exc, ConfigCheckError):
        return ' '.join(lines)
    if isinstance(exc, KeyError) and 'is not in the' in text and \
            'registry' in text:
        return f'unknown type in config: {text}'
    kind = type(exc).__name__
    return f'{kind}: {" ".join(lines)}' if lines else kind


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn any failure into one ``error: ...`` line and exit code 1.

    Config mistakes, missing or unfitting files, bad data and build errors
    reach the user as the one line that names them, not a traceback.
    ``--debug`` on the command line (or ``MMSEG_GAN_DEBUG=1``) re-raises
    with the full traceback instead.
    """
    try:
        yield
    except Exception as e:  # noqa: BLE001 - every failure becomes one line
        if '--debug' in sys.argv[1:] or os.environ.get(DEBUG_ENV, '') \
                not in ('', '0'):
            raise
        sys.exit(f'error: {error_line(e)} (--debug shows the traceback)')
