"""A hook that SIGKILLs its own training process while a checkpoint is
being written (tests of crash-safe saving; imported by the test config).

At ``before_save_checkpoint`` of iteration ``at_iter`` it makes the
checkpoint large (so writing takes a while) and starts a thread that kills
the process as soon as the checkpoint's bytes start to reach the disk.
"""
import glob
import os
import os.path as osp
import signal
import threading
import time

import torch
from mmengine.hooks import Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class KillDuringSaveHook(Hook):

    def __init__(self, at_iter: int, ballast_mb: int = 256) -> None:
        self.at_iter = at_iter
        self.ballast_mb = ballast_mb

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if checkpoint['meta']['iter'] != self.at_iter:
            return
        checkpoint['ballast'] = torch.ones(self.ballast_mb << 18)
        work_dir = runner.work_dir
        known = {p: osp.getsize(p) for p in glob.glob(
            osp.join(work_dir, '*.pth'))}

        def kill_when_writing():
            deadline = time.time() + 60
            while time.time() < deadline:
                for path in glob.glob(osp.join(work_dir, '*')) + glob.glob(
                        osp.join(work_dir, '.*')):
                    if not osp.isfile(path) or path in known:
                        continue
                    if '.pth' in path and osp.getsize(path) > 0:
                        os.kill(os.getpid(), signal.SIGKILL)
                time.sleep(0.0005)

        threading.Thread(target=kill_when_writing, daemon=True).start()
