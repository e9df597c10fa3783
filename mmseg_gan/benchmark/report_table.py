"""Print a benchmark's Markdown table and append it to a docs file."""
import os.path as osp
from typing import Optional


def report_table(table: str, out: Optional[str] = None) -> None:
    """Print ``table``; with ``out``, append it there (never overwrite).

    Args:
        table: Markdown text.
        out: File to append to, e.g. ``docs/results/speed.md``.
    """
    print(table)
    if out:
        with open(out, 'a') as f:
            f.write('\n' + table + '\n')
        print(f'appended to {osp.abspath(out)}')
