"""Pick the checkpoint that ``--resume`` continues from."""
import glob
import os.path as osp
import re
import zipfile
from typing import Optional, Tuple

_NUMBERED = re.compile(r'^(?:iter|epoch)_(\d+)\.pth$')


def is_complete_checkpoint(path: str) -> bool:
    """Whether ``path`` is a whole ``torch.save`` file (zip, CRCs intact).

    A file cut short by a kill during the save has no zip directory; a
    damaged one fails its CRC check.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def find_resume_checkpoint(work_dir: str) -> Tuple[Optional[str], str]:
    """The checkpoint inside ``work_dir`` to resume from, and why.

    ``last_checkpoint`` is followed when it names a complete checkpoint in
    ``work_dir``. When it is absent, empty, unreadable, names a missing or
    broken file, or names a file in another folder (a copied work dir
    records the original's absolute path), the newest complete
    ``iter_*.pth`` / ``epoch_*.pth`` in ``work_dir`` is used instead.

    Args:
        work_dir: The training work dir.

    Returns:
        tuple: ``(path or None, reason)``; ``reason`` says which file was
        chosen and why, for the log.
    """
    pointer = osp.join(work_dir, 'last_checkpoint')
    why = f'{pointer} is absent'
    recorded = ''
    if osp.isfile(pointer):
        try:
            with open(pointer) as f:
                recorded = f.read().strip()
            why = f'{pointer} is empty'
        except (OSError, UnicodeDecodeError) as e:
            why = f'{pointer} is unreadable ({e})'
    if recorded:
        path = recorded if osp.isabs(recorded) else osp.join(
            work_dir, recorded)
        if osp.realpath(osp.dirname(path)) != osp.realpath(work_dir):
            why = f'{pointer} names {recorded}, outside this work dir'
        elif not osp.isfile(path):
            why = f'{pointer} names {recorded}, which does not exist'
        elif not is_complete_checkpoint(path):
            why = f'{pointer} names {recorded}, which is incomplete'
        else:
            return path, f'resuming from {path} (named by {pointer})'
    numbered = []
    for path in glob.glob(osp.join(glob.escape(work_dir), '*.pth')):
        m = _NUMBERED.match(osp.basename(path))
        if m:
            numbered.append((int(m.group(1)), path))
    for _, path in sorted(numbered, reverse=True):
        if is_complete_checkpoint(path):
            return path, (f'{why}; resuming from {path}, the newest complete '
                          'checkpoint in the work dir')
    return None, f'{why} and {work_dir} holds no complete checkpoint'
