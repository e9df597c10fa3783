"""Measuring and comparing runs: leaderboard rows, run descriptions,
report tables and the step timer of the speed benchmarks."""
from .leaderboard import (
    LeaderboardError,
    RunRecord,
    bar_labels,
    collect_run,
    group_runs,
    plot_bars,
    to_markdown,
    write_csv,
)
from .report_table import report_table
from .run_description import describe_run, describe_synthetic
from .train_iter import TrainIter, step_round_robin

__all__ = [
    'LeaderboardError', 'RunRecord', 'TrainIter', 'bar_labels',
    'collect_run', 'describe_run', 'describe_synthetic', 'group_runs',
    'plot_bars', 'report_table', 'step_round_robin', 'to_markdown',
    'write_csv'
]
