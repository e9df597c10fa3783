from .amp_setup import enable_amp
from .atomic_write import atomic_write, atomic_write_json, durable_replace
from .checkpoint_fit import (
    CheckpointMismatchError,
    CheckpointReadError,
    check_checkpoint_fits,
    check_resume_fits,
    load_fitting_checkpoint,
    read_checkpoint,
)
from .cli import (
    add_debug_arg,
    add_runner_args,
    cli_errors,
    error_line,
    load_runner_cfg,
)
from .colorize import colorize_labels
from .config_check import ConfigCheckError, check_data_roots, check_file
from .config_type import is_type, resolve_type
from .config_walk import walk_config
from .device_setup import prepare_cfg_for_device, revert_sync_bn_in_cfg
from .dist_teardown import destroy_process_group
from .file_check import require_file
from .resume import find_resume_checkpoint, is_complete_checkpoint
from .safe_checkpoint import (
    UnsafeCheckpointError,
    install_safe_checkpoint_loading,
    mmengine_checkpoint_globals,
)
from .unwrap import unwrap

__all__ = [
    'CheckpointMismatchError', 'CheckpointReadError', 'ConfigCheckError',
    'UnsafeCheckpointError', 'add_debug_arg', 'add_runner_args',
    'atomic_write', 'atomic_write_json', 'check_checkpoint_fits',
    'check_data_roots', 'check_file',
    'check_resume_fits', 'cli_errors', 'colorize_labels',
    'destroy_process_group', 'durable_replace', 'enable_amp', 'error_line',
    'find_resume_checkpoint', 'install_safe_checkpoint_loading',
    'is_complete_checkpoint', 'is_type', 'load_fitting_checkpoint',
    'load_runner_cfg', 'mmengine_checkpoint_globals',
    'prepare_cfg_for_device', 'read_checkpoint', 'require_file',
    'resolve_type', 'revert_sync_bn_in_cfg', 'unwrap', 'walk_config'
]
