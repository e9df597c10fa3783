#!/usr/bin/env bash
# Make mmcv 2.1.0 with its compiled ops importable by one interpreter:
#   bash tools/build_mmcv.sh PYTHON
# Used by tools/setup_env.sh (this machine) and tools/device_kit/install.sh
# (an offline GPU node). mmcv 2.1.0 ships no wheel for current torch, so it
# is compiled from its sdist once per (Python, torch, CUDA, ops) and the
# wheel is cached under $MMSEG_GAN_CACHE/wheels/mmcv-2.1.0/<key>/.
#
# Environment:
#   MMCV_SDIST            mmcv-2.1.0.tar.gz to build from (default: pip
#                         download it; an offline node must set it)
#   MMSEG_GAN_CACHE       wheel cache root (default: ~/.cache/mmseg-gan)
#   FORCE_CUDA=1          build the CUDA ops even without a visible GPU
#                         (needs nvcc); a visible GPU builds them anyway
#   TORCH_CUDA_ARCH_LIST  GPU architectures, e.g. "9.0" (default: torch's
#                         guess from the visible GPU)
#   MAX_JOBS              parallel compile jobs (default: nproc)
#   PIP_TARGET            install into this folder instead of the
#                         interpreter's environment (pip reads it itself)
#   MMCV_WHEEL_COPY_TO    also copy the wheel into this folder (the device
#                         kit carries it: tools/device_kit/node_mmcv_wheel.sh)
set -euo pipefail
PY="${1:?usage: build_mmcv.sh PYTHON}"
MMCV_VERSION="2.1.0"
CACHE="${MMSEG_GAN_CACHE:-$HOME/.cache/mmseg-gan}"
PIP=("$PY" -m pip --disable-pip-version-check)
log() { printf '[mmcv %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

cuda_ops=0
if [ "${FORCE_CUDA:-0}" = "1" ] || "$PY" -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
  cuda_ops=1
fi
ops_kind="$([ $cuda_ops = 1 ] && echo cuda || echo cpu)"
# with CUDA ops wanted, a CPU-only mmcv does not count as installed
have_check="import mmcv, mmcv.ops, sys
from mmcv.ops import get_compiling_cuda_version as v
sys.exit(0 if mmcv.__version__ == '$MMCV_VERSION' and
         ('$ops_kind' == 'cpu' or v() != 'not available') else 1)"
if [ -z "${MMCV_WHEEL_COPY_TO:-}" ] && "$PY" -c "$have_check" 2>/dev/null; then
  log "mmcv $MMCV_VERSION with $ops_kind ops is already installed"
  exit 0
fi

key="$("$PY" -c "
import sys, torch
print('cp%d%d-torch%s-cuda%s-ops%s' % (sys.version_info[0], sys.version_info[1],
      torch.__version__.replace('+', '_'), torch.version.cuda or 'none', '$ops_kind'))
")"
if [ $cuda_ops = 1 ] && [ -n "${TORCH_CUDA_ARCH_LIST:-}" ]; then
  key="$key-sm${TORCH_CUDA_ARCH_LIST//[^0-9]/_}"
fi
wheel_dir="$CACHE/wheels/mmcv-$MMCV_VERSION/$key"

if ! ls "$wheel_dir"/mmcv-*.whl >/dev/null 2>&1; then
  log "compiling mmcv $MMCV_VERSION with $ops_kind ops (one-off; cache key $key)"
  mkdir -p "$CACHE"
  tmp_dir="$(mktemp -d "$CACHE/build.XXXXXX")"
  trap 'rm -rf "$tmp_dir"' EXIT
  start=$(date +%s)
  if [ -n "${MMCV_SDIST:-}" ]; then
    [ -f "$MMCV_SDIST" ] || { echo "error: MMCV_SDIST=$MMCV_SDIST does not exist" >&2; exit 1; }
    cp "$MMCV_SDIST" "$tmp_dir/mmcv-$MMCV_VERSION.tar.gz"
  else
    "${PIP[@]}" download -q --no-build-isolation --no-deps --no-binary :all: \
      "mmcv==$MMCV_VERSION" -d "$tmp_dir"
  fi
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
  MAX_JOBS="${MAX_JOBS:-$(nproc)}" FORCE_CUDA="$cuda_ops" MMCV_WITH_OPS=1 \
    "${PIP[@]}" wheel --no-build-isolation --no-deps --no-cache-dir \
    "$src" -w "$tmp_dir/dist"
  mkdir -p "$wheel_dir"
  mv "$tmp_dir"/dist/mmcv-*.whl "$wheel_dir"/
  log "mmcv compile took $(( $(date +%s) - start )) s; wheel cached in $wheel_dir"
else
  log "using cached mmcv wheel from $wheel_dir"
fi
if [ -n "${MMCV_WHEEL_COPY_TO:-}" ]; then
  mkdir -p "$MMCV_WHEEL_COPY_TO"
  cp "$wheel_dir"/mmcv-*.whl "$MMCV_WHEEL_COPY_TO"/
fi
"${PIP[@]}" install -q --no-deps --force-reinstall "$wheel_dir"/mmcv-*.whl
