"""A benchmark protocol as data: its rows, splits and templates.

A protocol table is a Python file, ``tools/benchmarks/protocols/<name>.py``,
whose lower-case names are the fields of :class:`Protocol` (upper-case
names are its own constants); each entry of its ``rows`` is one
:class:`Row` as a dict, and a row's ``synthesizers`` are
:class:`Synthesizer` dicts. ``tools/benchmarks/protocol.py`` runs them.

Templates: ``{name}`` or a small integer expression (``{iters * 3 // 4}``:
``+ - * //`` over names and integers) over the protocol's parameters, the
row's ``split_file`` and ``synthetic``.
"""
import ast
import glob
import importlib.util
import operator
import os.path as osp
import re
import shlex
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

TABLES = osp.join(osp.dirname(osp.abspath(__file__)), 'protocols')
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub,
        ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}


def render(template: str, values: Dict[str, object]) -> str:
    """Fill ``{name}`` and ``{integer expression}`` fields of a template."""

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name) and node.id in values:
            return values[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(f'template {template!r}: cannot evaluate '
                         f'{ast.unparse(node)!r} (known: {sorted(values)})')

    return re.sub(r'\{([^{}]+)\}', lambda m: str(value(
        ast.parse(m.group(1).strip(), mode='eval').body)), template)


def _words(options) -> Tuple[str, ...]:
    """Options as a tuple: a string is split as a shell would."""
    return tuple(shlex.split(options) if isinstance(options, str)
                 else options)


@dataclass(frozen=True)
class Synthesizer:
    """A synthesizer trained on a row's split, and the pairs it renders.

    Args:
        name: Its work dir is ``OUT/NAME-SPLIT``.
        config: Its training config.
        out: The folder of its pairs, ``OUT/OUT``.
        options: ``tools/synthesize.py`` options (string or sequence).
    """
    name: str
    config: str
    out: str
    options: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One row of a protocol, trained once per seed.

    Args:
        name: Its work dirs are ``OUT/NAME_seedSEED``.
        description: What it measures (``--list``).
        config: The segmentor's config; None: only prepare the split and
            the synthesizers.
        options: Templated cfg-options, after the runner's own (string or
            sequence).
        split: A split of the protocol's ``splits`` or ``split_files``;
            None: all labels.
        synthesizers: Trained, scored and rendered before the row; the
            first one's folder is ``{synthetic}``.
        iters: Templated iteration count.
        requires: Templated files that must exist before the row runs.
    """
    name: str
    description: str
    config: Optional[str] = None
    options: Tuple[str, ...] = ()
    split: Optional[str] = None
    synthesizers: Tuple[Synthesizer, ...] = ()
    iters: str = '{iters}'
    requires: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Protocol:
    """A protocol table (the public names of ``protocols/<name>.py``).

    Args:
        base_config: The config splits are drawn from and seg-score's
            reference segmentor is built with.
        params: Template parameters and their defaults; ``iters``,
            ``seeds`` (space-separated) and ``out`` are required.
        split_options: ``make_labeled_split.py`` options of every split.
        splits: Split name -> its further options (they win).
        split_files: Split name -> a committed split list (relative to
            the repository root), used as it is instead of being drawn.
        metric: The leaderboard's key metric (``tools/leaderboard.py
            --metric``).
        rows: The rows by name (in the table: a list of dicts of
            :class:`Row` fields).
        default_rows: The rows run when none is named.
        synth_iters: Templated iterations of every synthesizer.
        title: Templated leaderboard title.
        segscore_checkpoint: Templated reference segmentor of seg-score;
            None: synthesizers are not scored.
    """
    base_config: str
    params: Dict[str, object]
    split_options: Tuple[str, ...]
    splits: Dict[str, Tuple[str, ...]]
    rows: Dict[str, Row]
    default_rows: Tuple[str, ...]
    synth_iters: str
    title: str
    segscore_checkpoint: Optional[str] = None
    split_files: Dict[str, str] = field(default_factory=dict)
    metric: str = 'mIoU'


def protocol_names() -> List[str]:
    """The protocols in ``tools/benchmarks/protocols``."""
    return sorted(osp.basename(p)[:-3]
                  for p in glob.glob(osp.join(TABLES, '[a-z]*.py')))


def load_protocol(name: str) -> Protocol:
    """Read ``protocols/<name>.py``: its lower-case names are the fields."""
    spec = importlib.util.spec_from_file_location(
        f'protocols.{name}', osp.join(TABLES, f'{name}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = {k: v for k, v in vars(module).items()
             if k.islower() and not k.startswith('_')}
    rows = {}
    for decl in table.pop('rows'):
        synths = tuple(Synthesizer(**dict(s, options=_words(
            s.get('options', ())))) for s in decl.get('synthesizers', ()))
        row = Row(**dict(decl, options=_words(decl.get('options', ())),
                         synthesizers=synths,
                         requires=tuple(decl.get('requires', ()))))
        if row.name in rows:
            raise ValueError(f'{name}: row {row.name} declared twice')
        if row.split is not None and row.split not in (
                *table['splits'], *table.get('split_files', {})):
            raise ValueError(f'{name}: row {row.name}: unknown split '
                             f'{row.split}')
        if row.synthesizers and row.split is None:
            raise ValueError(f'{name}: row {row.name}: synthesizers need a '
                             'split to train on')
        rows[row.name] = row
    missing = [r for r in table['default_rows'] if r not in rows]
    if missing:
        raise ValueError(f'{name}: default_rows {missing} are not rows')
    return Protocol(
        **dict(table, rows=rows, split_options=_words(table['split_options']),
               default_rows=tuple(table['default_rows']),
               splits={k: _words(v) for k, v in table['splits'].items()}))
