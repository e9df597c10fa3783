from .atomic_write import atomic_write
from .colorize import colorize_labels
from .runner_setup import (
    ConfigCheckError,
    add_runner_args,
    check_data_roots,
    check_file,
    cli_errors,
    enable_amp,
    load_runner_cfg,
    prepare_cfg_for_device,
    revert_sync_bn_in_cfg,
)
from .safe_checkpoint import (
    install_safe_checkpoint_loading,
    mmengine_checkpoint_globals,
)

__all__ = [
    'ConfigCheckError', 'add_runner_args', 'atomic_write',
    'check_data_roots', 'check_file', 'colorize_labels',
    'cli_errors', 'enable_amp', 'load_runner_cfg', 'prepare_cfg_for_device',
    'revert_sync_bn_in_cfg', 'install_safe_checkpoint_loading',
    'mmengine_checkpoint_globals'
]
