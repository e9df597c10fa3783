"""Collect what the mmengine Runner wrote into comparable leaderboard rows.

A training work dir holds the dumped config (``<config>.py``), one folder
per run (``<timestamp>/``, several after ``--resume``) with the text log and
``vis_data/scalars.json``. Runs whose configs are equal up to the seed
(and work-dir bookkeeping) are seeds of one leaderboard entry.
"""
import csv
import glob
import hashlib
import json
import math
import os.path as osp
import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Sequence, Tuple, Union

from mmengine.config import Config

from ..utils import ConfigCheckError
from .run_description import describe_run

# config keys that do not change what is trained
_BOOKKEEPING = ('work_dir', 'randomness', 'resume', 'load_from', 'launcher',
                'default_hooks', 'log_processor', 'visualizer', 'env_cfg')
_TIME = re.compile(r'^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) - mmengine')
_SEED = re.compile(r'^\s+seed: (\d+)$', re.MULTILINE)


class LeaderboardError(ConfigCheckError):
    """A work dir cannot be read as a finished training run."""


@dataclass
class RunRecord:
    """One training work dir: its settings and validation results."""
    work_dir: str
    config_name: str
    settings_key: str
    seed: Optional[int]
    method: str
    backbone: str
    crop: str
    schedule: str
    synthetic_ratio: Optional[Union[float, str]]  # '0.5→0' if scheduled
    synthetic: str
    adv_weight: Optional[Union[float, str]]  # str if warmed up
    labeled: str
    iters: int
    wall_time_s: float
    final: Dict[str, float]
    best: Dict[str, float]
    per_class: Dict[str, float] = field(default_factory=dict)  # last val
    metric: str = 'mIoU'  # the key metric: sorting, best, chart
    per_class_metric: str = 'IoU'  # the per-class table's first score


def _dumped_config(work_dir: str) -> str:
    configs = sorted(glob.glob(osp.join(glob.escape(work_dir), '*.py')))
    if not configs:
        raise LeaderboardError(
            f'{work_dir}: no dumped config (<config>.py); is this a work dir '
            'written by tools/train.py?')
    if len(configs) > 1:
        raise LeaderboardError(
            f'{work_dir}: several configs {[osp.basename(c) for c in configs]}'
            '; one training config per work dir')
    return configs[0]


def _settings_key(cfg: Config) -> str:
    d = {k: v for k, v in cfg.to_dict().items() if k not in _BOOKKEEPING}
    blob = json.dumps(d, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def _run_dirs(work_dir: str) -> List[str]:
    return sorted(
        d for d in glob.glob(osp.join(glob.escape(work_dir), '*'))
        if osp.isfile(osp.join(d, osp.basename(d) + '.log')))


def _log_span(log_file: str) -> float:
    first = last = None
    with open(log_file, errors='replace') as f:
        for line in f:
            m = _TIME.match(line)
            if m:
                last = m.group(1)
                first = first or last
    if first is None:
        return 0.0
    fmt = '%Y/%m/%d %H:%M:%S'
    return (datetime.strptime(last, fmt) -
            datetime.strptime(first, fmt)).total_seconds()


def _per_class_scores(log_file: str) -> Tuple[Dict[str, float], str]:
    """The last ``per class results`` table of an mmseg log: each class's
    first score and that score's name (``IoU``, or ``Dice`` with
    ``iou_metrics=['mDice']``)."""
    with open(log_file, errors='replace') as f:
        text = f.read()
    start = text.rfind('per class results:')
    if start < 0:
        return {}, 'IoU'
    out: Dict[str, float] = {}
    name, rows = 'IoU', 0
    for line in text[start:].splitlines()[1:]:
        if line.startswith('+'):
            rows += 1
            if rows == 3:  # top border, header border, bottom border
                break
            continue
        cells = [c.strip() for c in line.split('|')]
        if len(cells) >= 4 and cells[1] == 'Class':
            name = cells[2]
        elif len(cells) >= 4 and rows == 2:
            out[cells[1]] = float(cells[2])
    return out, name


def _scores(rec: dict) -> Dict[str, float]:
    """The metrics of a validation record of ``scalars.json``."""
    return {k: v for k, v in rec.items()
            if k not in ('step', 'time', 'data_time')
            and isinstance(v, (int, float))}


def _scalars(run: str) -> List[dict]:
    """The records of one run's ``vis_data/scalars.json`` (none if absent).
    """
    scalars = osp.join(run, 'vis_data', 'scalars.json')
    if not osp.isfile(scalars):
        return []
    records = []
    with open(scalars, errors='replace') as f:
        for number, line in enumerate(f, 1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise LeaderboardError(
                    f'{scalars}: line {number} is not JSON ({e})') from e
    return records


def _checked_validations(work_dir: str, val: List[dict],
                         metric: str) -> List[dict]:
    if not val:
        raise LeaderboardError(
            f'{work_dir}: no validation result with {metric!r} in '
            '*/vis_data/scalars.json; train with a val_dataloader / val_cfg '
            'whose evaluator reports it')
    return sorted(val, key=lambda r: r.get('step', 0))


def validation_curve(work_dir: str, metric: str = 'mIoU') -> List[dict]:
    """Every validation of a training work dir that reports ``metric``
    (all its runs, ``--resume`` included), by iteration.

    Args:
        work_dir: A ``--work-dir`` of ``tools/train.py``.
        metric: A metric the evaluator logs (``mIoU``, ``vessel/Dice``).

    Returns:
        list[dict]: The metrics of each validation and its ``step``.

    Raises:
        LeaderboardError: No validation reports ``metric``, or a
            ``scalars.json`` line is not JSON.
    """
    val = [rec for run in _run_dirs(work_dir) for rec in _scalars(run)
           if metric in rec and 'iter' not in rec]
    return [dict(_scores(r), step=r.get('step', 0))
            for r in _checked_validations(work_dir, val, metric)]


def collect_run(work_dir: str, metric: str = 'mIoU') -> RunRecord:
    """Read one training work dir.

    Args:
        work_dir: A ``--work-dir`` of ``tools/train.py``.
        metric: The key metric, as the evaluator logs it (``mIoU``,
            ``vessel/Dice``): the validations that hold it are read, the
            best is chosen by it.

    Returns:
        RunRecord: Settings, final and best validation metrics (every
        metric of those validations), the per-class scores of the last
        validation, iterations, wall time.

    Raises:
        LeaderboardError: No dumped config, an unreadable config or
            ``scalars.json``, or no validation result.
    """
    config_file = _dumped_config(work_dir)
    try:
        cfg = Config.fromfile(config_file)
    except Exception as e:  # noqa: BLE001 - any parse error: skip the run
        raise LeaderboardError(
            f'{config_file}: unreadable config ({type(e).__name__}: '
            f'{str(e).strip().splitlines()[-1] if str(e).strip() else e})'
        ) from e
    val, iters, wall = [], 0, 0.0
    per_class: Dict[str, float] = {}
    per_class_metric = 'IoU'
    seed = (cfg.get('randomness') or {}).get('seed')
    for run in _run_dirs(work_dir):
        log_file = osp.join(run, osp.basename(run) + '.log')
        wall += _log_span(log_file)
        if seed is None:  # mmengine drew one and logged it
            with open(log_file, errors='replace') as f:
                m = _SEED.search(f.read(20000))
            seed = int(m.group(1)) if m else None
        scores, name = _per_class_scores(log_file)
        if scores:
            per_class, per_class_metric = scores, name
        for rec in _scalars(run):
            if 'iter' in rec:
                iters = max(iters, rec['iter'])
            elif metric in rec:
                val.append(rec)
    val = _checked_validations(work_dir, val, metric)
    final = _scores(val[-1])
    best_rec = max(val, key=lambda r: r[metric])
    best = dict(_scores(best_rec), step=best_rec.get('step', 0))
    desc = describe_run(cfg)
    max_iters = cfg.train_cfg.get('max_iters')
    if max_iters and iters < max_iters:  # stopped early: say so
        desc['schedule'] = f'{iters}/{desc["schedule"]}'
    return RunRecord(
        work_dir=work_dir,
        config_name=osp.splitext(osp.basename(_dumped_config(work_dir)))[0],
        settings_key=_settings_key(cfg), seed=seed, iters=iters,
        wall_time_s=wall, final=final, best=best, per_class=per_class,
        metric=metric, per_class_metric=per_class_metric, **desc)


@dataclass
class Entry:
    """Runs of one configuration (its seeds)."""
    runs: List[RunRecord]

    @property
    def first(self) -> RunRecord:
        return self.runs[0]

    @property
    def metric(self) -> str:
        """The key metric of its runs."""
        return self.first.metric

    def stat(self, metric: str, which: str = 'final'):
        """``(mean, std)`` over the seeds (std 0 for one run)."""
        values = [getattr(r, which)[metric] for r in self.runs
                  if metric in getattr(r, which)]
        if not values:
            return math.nan, math.nan
        std = statistics.stdev(values) if len(values) > 1 else 0.0
        return statistics.fmean(values), std


def group_runs(records: Sequence[RunRecord]) -> List[Entry]:
    """Seeds of one configuration become one entry, sorted by the final
    key metric."""
    groups: Dict[str, List[RunRecord]] = {}
    for rec in records:
        groups.setdefault(rec.settings_key, []).append(rec)
    entries = [Entry(sorted(runs, key=lambda r: str(r.seed)))
               for runs in groups.values()]
    return sorted(entries, key=lambda e: -e.stat(e.metric)[0])


def _pm(mean: float, std: float, n: int) -> str:
    # percentages with 2 decimals, fractions (AUC) with 4
    digits = 4 if abs(mean) < 1 else 2
    return f'{mean:.{digits}f} ± {std:.{digits}f}' if n > 1 \
        else f'{mean:.{digits}f}'


def _opt(value) -> str:
    if value is None:
        return '-'
    return value if isinstance(value, str) else f'{value:g}'


SETTINGS = ('method', 'backbone', 'crop', 'schedule', 'syn. ratio',
            'synthetic', 'λ_adv', 'labelled', 'seeds')


def metric_columns(entries: Sequence[Entry]) -> List[str]:
    """The metrics of the table: the key metric, ``mAcc`` and ``aAcc``,
    then the others in the order the runs report them."""
    if not entries:
        return []
    names = [entries[0].metric, 'mAcc', 'aAcc']
    for e in entries:
        names += [k for r in e.runs for k in r.final]
    present = {k for e in entries for r in e.runs for k in r.final}
    return [k for k in dict.fromkeys(names) if k in present]


def _row(entry: Entry, metrics: Sequence[str]) -> List[str]:
    r, n = entry.first, len(entry.runs)
    seeds = ','.join(str(x.seed) for x in entry.runs)
    return [
        r.method, r.backbone, r.crop, r.schedule, _opt(r.synthetic_ratio),
        r.synthetic, _opt(r.adv_weight), r.labeled, f'{n} ({seeds})',
        *(_pm(*entry.stat(m), n) for m in metrics),
        _pm(*entry.stat(entry.metric, 'best'), n), r.config_name
    ]


def _classes(entries: Sequence[Entry]) -> List[str]:
    classes: List[str] = []
    for e in entries:
        for c in e.first.per_class:
            if c not in classes:
                classes.append(c)
    return classes


def _class_mean(entry: Entry, cls: str) -> float:
    values = [r.per_class[cls] for r in entry.runs
              if cls in r.per_class]
    return statistics.fmean(values) if values else math.nan


def to_markdown(entries: Sequence[Entry], per_class: bool = False) -> str:
    """The leaderboard as a Markdown table (final = last validation;
    mean ± std over seeds)."""
    metrics = metric_columns(entries)
    header = [*SETTINGS, *metrics,
              f'best {entries[0].metric}' if entries else 'best', 'config']
    classes = _classes(entries) if per_class else []
    header += classes
    lines = ['| ' + ' | '.join(header) + ' |',
             '|' + '---|' * len(header)]
    for e in entries:
        cells = _row(e, metrics) + [
            '-' if math.isnan(v) else f'{v:.1f}'
            for v in (_class_mean(e, c) for c in classes)
        ]
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def write_csv(entries: Sequence[Entry], path: str) -> None:
    """One CSV row per run (seed), with the entry's settings, metrics and
    per-class scores, so spreadsheets can aggregate as they like."""
    classes = _classes(entries)
    metrics = metric_columns(entries)
    metric = entries[0].metric if entries else 'mIoU'
    per_class = entries[0].first.per_class_metric if entries else 'IoU'
    fields = ['method', 'backbone', 'crop', 'schedule', 'synthetic_ratio',
              'synthetic', 'adv_weight', 'labeled', 'seed', 'iters',
              'wall_time_s', *metrics, f'best_{metric}', 'best_step',
              'config', 'work_dir'] + [f'{per_class}.{c}' for c in classes]
    with open(path, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(fields)
        for e in entries:
            for r in e.runs:
                writer.writerow([
                    r.method, r.backbone, r.crop, r.schedule,
                    r.synthetic_ratio, r.synthetic, r.adv_weight,
                    r.labeled, r.seed, r.iters, f'{r.wall_time_s:.0f}',
                    *(r.final.get(m) for m in metrics),
                    r.best.get(metric), r.best.get('step'), r.config_name,
                    r.work_dir
                ] + [r.per_class.get(c, '') for c in classes])
