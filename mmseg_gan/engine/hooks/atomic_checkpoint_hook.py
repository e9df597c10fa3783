"""Checkpoints that are complete under their final name, or absent."""
import glob
import os
import os.path as osp
import shutil

from mmengine.config import Config
from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend
from mmengine.hooks import CheckpointHook
from mmseg.registry import HOOKS

from ...utils.atomic_write import atomic_write, durable_replace
from ...utils.config_type import is_type


class CheckpointWriteError(OSError):
    """A checkpoint could not be written (disk full, I/O error)."""


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's :class:`CheckpointHook` with crash-safe local saving.

    mmengine writes ``iter_N.pth`` in place and, with ``max_keep_ckpts``,
    deletes the oldest checkpoint *before* writing the new one: a kill during
    the save leaves a partial file under the final name, and with
    ``max_keep_ckpts=1`` nothing to resume from. This hook writes
    ``.iter_N.pth.tmp``, flushes it to disk, renames it, then rewrites
    ``last_checkpoint`` atomically, and only then removes old checkpoints.
    Arguments are :class:`CheckpointHook`'s; ``tools/train.py`` uses this hook
    in place of a plain ``CheckpointHook``. Remote ``out_dir`` backends keep
    mmengine's behaviour. A save that fails (a full disk) removes its
    temporary file and stops the run with one error naming the checkpoint
    and the free space.
    """

    def before_train(self, runner) -> None:
        """Set up as mmengine does, then drop temporaries of a killed save.
        """
        super().before_train(runner)
        if is_main_process() and isinstance(self.file_backend, LocalBackend):
            for tmp in glob.glob(
                    osp.join(glob.escape(self.out_dir), '.*.pth.tmp')):
                os.remove(tmp)

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        if not isinstance(self.file_backend, LocalBackend):
            return super()._save_checkpoint_with_step(runner, step, meta)
        stale = []  # pruned only once the new checkpoint is on disk
        if self.max_keep_ckpts > 0:
            ids = self.keep_ckpt_ids  # mmengine's deque has maxlen set
            if not ids or ids[-1] != step:
                if ids.maxlen is not None and len(ids) == ids.maxlen:
                    stale.append(ids[0])  # the append drops it
                ids.append(step)
            while len(ids) > self.max_keep_ckpts:
                stale.append(ids.popleft())
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))
        ckpt_filename = self.filename_tmpl.format(step)
        final = self.file_backend.join_path(self.out_dir, ckpt_filename)
        tmp_name = f'.{ckpt_filename}.tmp'
        self.last_ckpt = final
        runner.message_hub.update_info('last_ckpt', final)
        tmp = osp.join(self.out_dir, tmp_name)
        try:
            runner.save_checkpoint(
                self.out_dir,
                tmp_name,
                self.file_client_args,
                save_optimizer=self.save_optimizer,
                save_param_scheduler=self.save_param_scheduler,
                meta=meta,
                by_epoch=self.by_epoch,
                backend_args=self.backend_args,
                **self.args)
            if is_main_process():
                durable_replace(tmp, final)
        except (OSError, RuntimeError) as exc:  # disk full, I/O error
            if osp.exists(tmp):
                os.remove(tmp)
            free = shutil.disk_usage(self.out_dir).free / 2**20
            first = (str(exc).strip().splitlines() or [''])[0]
            raise CheckpointWriteError(
                f'cannot write checkpoint {final} ({type(exc).__name__}: '
                f'{first}; {free:.0f} MiB free in {self.out_dir}); the '
                'checkpoints written before it are kept: free space, then '
                '--resume') from exc
        if not is_main_process():
            return
        atomic_write(
            osp.join(runner.work_dir, 'last_checkpoint'),
            lambda tmp: _write_text(tmp, final), durable=True)
        for old_step in stale:
            old = self.file_backend.join_path(
                self.out_dir, self.filename_tmpl.format(old_step))
            if osp.isfile(old) and old != final:
                os.remove(old)


def use_atomic_checkpoints(cfg: Config) -> bool:
    """Use :class:`AtomicCheckpointHook` for a plain ``CheckpointHook``.

    Args:
        cfg: The full config, modified in place.

    Returns:
        bool: Whether the hook was replaced.
    """
    hook = (cfg.get('default_hooks') or {}).get('checkpoint')
    # exactly mmengine's hook: a subclass keeps its own behaviour
    if hook and is_type(hook.get('type'), 'mmengine.CheckpointHook', HOOKS):
        hook['type'] = 'AtomicCheckpointHook'
        return True
    return False


def _write_text(path: str, text: str) -> None:
    with open(path, 'w') as f:
        f.write(text)
