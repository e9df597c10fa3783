from .atomic_write import atomic_write, atomic_write_json, durable_replace
from .checkpoint_fit import (
    CheckpointMismatchError,
    CheckpointReadError,
    check_checkpoint_fits,
    check_resume_fits,
    load_fitting_checkpoint,
    read_checkpoint,
)
from .colorize import colorize_labels
from .config_type import is_type, resolve_type
from .dist_teardown import destroy_process_group
from .file_check import require_file
from .optim_check import check_optim_wrapper
from .resume import find_resume_checkpoint, is_complete_checkpoint
from .runner_setup import (
    ConfigCheckError,
    add_debug_arg,
    add_runner_args,
    check_data_roots,
    check_file,
    check_gan_aug_setup,
    cli_errors,
    enable_amp,
    error_line,
    insert_label_checks,
    load_runner_cfg,
    prepare_cfg_for_device,
    revert_sync_bn_in_cfg,
    use_atomic_checkpoints,
)
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
    'check_resume_fits', 'check_optim_wrapper',
    'check_data_roots',
    'check_file', 'check_gan_aug_setup', 'cli_errors', 'colorize_labels',
    'destroy_process_group',
    'durable_replace',
    'enable_amp', 'error_line', 'find_resume_checkpoint',
    'insert_label_checks', 'install_safe_checkpoint_loading',
    'is_complete_checkpoint', 'is_type', 'load_fitting_checkpoint',
    'load_runner_cfg',
    'mmengine_checkpoint_globals', 'prepare_cfg_for_device',
    'read_checkpoint', 'require_file', 'resolve_type',
    'revert_sync_bn_in_cfg', 'unwrap',
    'use_atomic_checkpoints'
]
