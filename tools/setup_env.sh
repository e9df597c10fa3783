#!/usr/bin/env bash
# Idempotent environment setup for mmseg-gan.
#
# Creates ./.venv, installs torch/torchvision (whatever this machine resolves),
# compiles mmcv 2.1.0 with its ops into a wheel cached under a key made of the
# Python, torch and CUDA versions, installs it, then the remaining pinned
# OpenMMLab stack and this package in editable mode.
#
# Environment knobs:
#   PYTHON           interpreter used to create the venv (default: python3)
#   VENV             venv directory (default: .venv)
#   MMSEG_GAN_CACHE  wheel cache root (default: ~/.cache/mmseg-gan)
#   MAX_JOBS         parallel compile jobs for mmcv (default: nproc)
#   FORCE_CUDA=1     compile mmcv CUDA ops even without a visible GPU (needs nvcc);
#                    TORCH_CUDA_ARCH_LIST selects the architectures, e.g. "8.0;9.0"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
CACHE="${MMSEG_GAN_CACHE:-$HOME/.cache/mmseg-gan}"
STAMP="$VENV/.mmseg_gan_setup"

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Everything that decides the environment's content goes into the stamp.
want_stamp="$(cat pyproject.toml tools/setup_env.sh tools/build_mmcv.sh | sha256sum | cut -d' ' -f1) FORCE_CUDA=${FORCE_CUDA:-0}"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ] \
   && "$VENV/bin/python" -c "import mmcv.ops, mmseg, mmseg_gan" 2>/dev/null; then
  log "environment in $VENV is up to date (delete $STAMP to force a re-install)"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtual environment $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
PY="$ROOT/$VENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check)

log "installing build tools (setuptools>=77,<81 keeps pkg_resources for mmcv/mmengine)"
"${PIP[@]}" install -q --upgrade pip 'setuptools>=77,<81' wheel ninja

if ! "$PY" -c "import torch, torchvision" 2>/dev/null; then
  log "installing torch + torchvision (the newest this machine resolves; may take a few minutes)"
  "${PIP[@]}" install -q torch torchvision
fi
"$PY" -c "import torch, torchvision; print('[setup] torch', torch.__version__, 'cuda', torch.version.cuda, 'torchvision', torchvision.__version__)"

# mmcv 2.1.0 with ops, compiled once per (Python, torch, CUDA) and cached.
MMSEG_GAN_CACHE="$CACHE" bash tools/build_mmcv.sh "$PY"

log "installing mmseg-gan, its pinned OpenMMLab dependencies and every extra (pip install -e .[dev,synthesis,cityscapes])"
"${PIP[@]}" install -q -e ".[dev,synthesis,cityscapes]"
"$PY" -c "import mmcv.ops, mmseg, mmengine, mmagic, mmseg_gan; print('[setup] mmcv', mmcv.__version__, 'mmseg', mmseg.__version__, 'mmengine', mmengine.__version__, 'mmagic', mmagic.__version__, 'mmseg_gan', mmseg_gan.__version__)"

# Real CamVid, read in place (never copied into the repository).
if [ -d "$ROOT/../shared/data/camvid" ] && [ ! -e data/camvid ]; then
  mkdir -p data
  ln -s "$ROOT/../shared/data/camvid" data/camvid
  log "linked data/camvid -> ../shared/data/camvid"
fi

# Real DRIVE (retinal vessels, mmseg layout + FOV masks), read in place too.
if [ -d "$ROOT/../shared/data/drive" ] && [ ! -e data/DRIVE ]; then
  mkdir -p data
  ln -s "$ROOT/../shared/data/drive" data/DRIVE
  log "linked data/DRIVE -> ../shared/data/drive"
fi

echo "$want_stamp" > "$STAMP"
log "done"
