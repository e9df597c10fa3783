"""Every relative link of the README, docs/ and the config READMEs resolves:
the file exists and, with ``#anchor``, the target has that heading (GitHub's
anchor rules)."""
import glob
import os.path as osp
import re
from typing import Dict, List, Set, Tuple

import pytest

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)\)')
FENCE = re.compile(r'^\s*(```|~~~)')


def markdown_files() -> List[str]:
    files = [osp.join(REPO, 'README.md')]
    for pattern in ('docs/**/*.md', 'configs/**/README.md'):
        files += glob.glob(osp.join(REPO, pattern), recursive=True)
    return sorted(files)


def prose_lines(path: str) -> List[Tuple[int, str]]:
    """The lines outside fenced code blocks, with their numbers."""
    lines, fenced = [], False
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced:
                lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r'[`*]|\[([^\]]*)\]\([^)]*\)', r'\1', heading)
    text = re.sub(r'[^\w\- ]', '', text.strip().lower())
    return text.replace(' ', '-')


_anchors: Dict[str, Set[str]] = {}


def anchors(path: str) -> Set[str]:
    if path not in _anchors:
        seen: Dict[str, int] = {}
        found = set()
        for _, line in prose_lines(path):
            match = re.match(r'#{1,6}\s+(.*?)\s*#*\s*$', line)
            if match:
                base = slug(match.group(1))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f'{base}-{count}')
        _anchors[path] = found
    return _anchors[path]


def test_slug_follows_github():
    assert slug('Seg-score on CamVid (label -> image quality)') == \
        'seg-score-on-camvid-label---image-quality'
    assert slug("Labels at the protocol's budget: all 20 (step 2)") == \
        'labels-at-the-protocols-budget-all-20-step-2'
    assert slug('`tools/synthesize.py` options') == 'toolssynthesizepy-options'


@pytest.mark.parametrize(
    'path', markdown_files(), ids=lambda p: osp.relpath(p, REPO))
def test_relative_links_resolve(path):
    broken = []
    for number, line in prose_lines(path):
        for target in LINK.findall(line):
            if re.match(r'[a-z]+:', target):  # http(s), mailto, ...
                continue
            file_part, _, anchor = target.partition('#')
            dest = osp.normpath(osp.join(osp.dirname(path), file_part)) \
                if file_part else path
            where = f'{osp.relpath(path, REPO)}:{number}: {target}'
            if not osp.exists(dest):
                broken.append(f'{where} (no file {osp.relpath(dest, REPO)})')
            elif anchor and dest.endswith('.md') and \
                    anchor not in anchors(dest):
                broken.append(f'{where} (no heading #{anchor})')
    assert not broken, 'broken links:\n' + '\n'.join(broken)
