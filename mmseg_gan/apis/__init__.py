from ..models.gans.synthesizer_loading import load_synthesizer
from .leaderboard import (
    LeaderboardError,
    RunRecord,
    collect_run,
    group_runs,
    plot_bars,
    to_markdown,
    write_csv,
)
from .markdown_report import report_table
from .plain_segmentor import to_plain_segmentor_checkpoint
from .run_description import describe_run, describe_synthetic
from .sample_diversity import sample_diversity
from .synthesize import (
    describe_label_reduction,
    label_reduction,
    load_label_source,
    make_loss_filter,
    synthesize_dataset,
    write_preview,
)
from .train_iter import TrainIter

__all__ = [
    'LeaderboardError', 'RunRecord', 'TrainIter', 'collect_run',
    'describe_label_reduction', 'describe_run', 'describe_synthetic',
    'group_runs', 'label_reduction', 'load_label_source', 'load_synthesizer',
    'make_loss_filter', 'plot_bars', 'report_table', 'sample_diversity',
    'synthesize_dataset',
    'to_markdown', 'to_plain_segmentor_checkpoint', 'write_csv',
    'write_preview'
]
