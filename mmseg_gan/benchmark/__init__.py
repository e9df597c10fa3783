"""Measuring and comparing runs: leaderboard rows, run descriptions,
report tables and the step timer of the speed benchmarks."""
from .leaderboard import (
    Entry,
    LeaderboardError,
    RunRecord,
    collect_run,
    group_runs,
    to_markdown,
    validation_curve,
    write_csv,
)
from .leaderboard_chart import (
    Panel,
    bar_labels,
    draw_leaderboard,
    plot_bars,
    split_panels,
)
from .report_table import report_table
from .run_description import describe_run, describe_synthetic
from .train_iter import TrainIter, step_round_robin

__all__ = [
    'Entry', 'LeaderboardError', 'Panel', 'RunRecord', 'TrainIter',
    'bar_labels', 'collect_run', 'describe_run', 'describe_synthetic',
    'draw_leaderboard', 'group_runs', 'plot_bars', 'report_table',
    'split_panels', 'step_round_robin', 'to_markdown', 'validation_curve',
    'write_csv'
]
