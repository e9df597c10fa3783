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
MMCV_VERSION="2.1.0"
STAMP="$VENV/.mmseg_gan_setup"

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Everything that decides the environment's content goes into the stamp.
want_stamp="$(cat pyproject.toml tools/setup_env.sh | sha256sum | cut -d' ' -f1) FORCE_CUDA=${FORCE_CUDA:-0}"
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

# Cache key: python tag + torch version + CUDA version + whether CUDA ops are built.
cuda_ops=0
if [ "${FORCE_CUDA:-0}" = "1" ] || "$PY" -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
  cuda_ops=1
fi
key="$("$PY" -c "
import sys, torch
print('cp%d%d-torch%s-cuda%s-ops%s' % (sys.version_info[0], sys.version_info[1],
      torch.__version__.replace('+', '_'), torch.version.cuda or 'none', '$( [ $cuda_ops = 1 ] && echo cuda || echo cpu )'))
")"
wheel_dir="$CACHE/wheels/mmcv-$MMCV_VERSION/$key"

if ! "$PY" -c "import mmcv, mmcv.ops, sys; sys.exit(0 if mmcv.__version__ == '$MMCV_VERSION' else 1)" 2>/dev/null; then
  if ! ls "$wheel_dir"/mmcv-*.whl >/dev/null 2>&1; then
    log "compiling mmcv $MMCV_VERSION with ops (one-off; cache key $key)"
    tmp_dir="$(mktemp -d "${CACHE}/build.XXXXXX" 2>/dev/null || (mkdir -p "$CACHE" && mktemp -d "${CACHE}/build.XXXXXX"))"
    start=$(date +%s)
    "${PIP[@]}" download -q --no-build-isolation --no-deps --no-binary :all: \
      "mmcv==$MMCV_VERSION" -d "$tmp_dir"
    tar -xzf "$tmp_dir/mmcv-$MMCV_VERSION.tar.gz" -C "$tmp_dir"
    src="$tmp_dir/mmcv-$MMCV_VERSION"
    # mmcv 2.1.0 hard-codes -std=c++17; torch >= 2.10 headers need C++20.
    cxx_std="$("$PY" -c "
import os, torch.utils.cpp_extension as ext
aten = os.path.join(ext.include_paths()[0], 'ATen', 'ATen.h')
print('c++20' if 'C++20' in open(aten).read() else 'c++17')")"
    if [ "$cxx_std" = "c++20" ]; then
      log "torch headers need C++20: building mmcv with -std=c++20"
      sed -i "s/-std=c++17/-std=c++20/g; s#/std:c++17#/std:c++20#g" "$src/setup.py"
    fi
    # --no-build-isolation: mmcv's setup.py must see the installed torch.
    # --no-cache-dir: pip's own wheel cache ignores the torch version.
    MAX_JOBS="${MAX_JOBS:-$(nproc)}" FORCE_CUDA="${FORCE_CUDA:-0}" MMCV_WITH_OPS=1 \
      "${PIP[@]}" wheel --no-build-isolation --no-deps --no-cache-dir \
      "$src" -w "$tmp_dir/dist"
    mv "$tmp_dir"/dist/mmcv-*.whl "$tmp_dir"/
    mkdir -p "$wheel_dir"
    mv "$tmp_dir"/mmcv-*.whl "$wheel_dir"/
    rm -rf "$tmp_dir"
    log "mmcv compile took $(( $(date +%s) - start )) s; wheel cached in $wheel_dir"
  else
    log "using cached mmcv wheel from $wheel_dir"
  fi
  "${PIP[@]}" install -q --no-deps --force-reinstall "$wheel_dir"/mmcv-*.whl
fi

log "installing mmseg-gan and its pinned OpenMMLab dependencies (pip install -e .[dev])"
"${PIP[@]}" install -q -e ".[dev]"
"$PY" -c "import mmcv.ops, mmseg, mmengine, mmagic, mmseg_gan; print('[setup] mmcv', mmcv.__version__, 'mmseg', mmseg.__version__, 'mmengine', mmengine.__version__, 'mmagic', mmagic.__version__, 'mmseg_gan', mmseg_gan.__version__)"

# Real CamVid, read in place (never copied into the repository).
if [ -d "$ROOT/../shared/data/camvid" ] && [ ! -e data/camvid ]; then
  mkdir -p data
  ln -s "$ROOT/../shared/data/camvid" data/camvid
  log "linked data/camvid -> ../shared/data/camvid"
fi

echo "$want_stamp" > "$STAMP"
log "done"
