#!/usr/bin/env bash
# Build here the mmcv 2.1.0 wheel (CPU ops) for the GPU node's Python and
# torch, so that the node installs mmcv without compiling (make_kit.py):
#   bash tools/device_kit/node_mmcv_wheel.sh PY_VERSION TORCH_VERSION SDIST OUT_DIR
# e.g. 3.12 2.11.0 mmcv-2.1.0.tar.gz .device_kit.partial/mmcv
#
# The interpreter is pythonPY_VERSION on PATH or pyenv's PY_VERSION.*; a
# build environment with it and torch==TORCH_VERSION from PyPI (its CUDA
# build: about 3 GB of downloads the first time) is kept in
# $MMSEG_GAN_CACHE/kit-build/ (default ~/.cache/mmseg-gan), and the wheel is
# compiled and cached by tools/build_mmcv.sh (C++20 fix, cache key).
# CPU ops only: the plugin's GPU paths need none of mmcv's CUDA ops; the node
# compiles them from the kit's sdist when asked (install.sh MMCV_CUDA_OPS=1).
set -euo pipefail
PYVER="${1:?usage: node_mmcv_wheel.sh PY_VERSION TORCH_VERSION SDIST OUT_DIR}"
TORCH="${2:?torch version}"
SDIST="$(cd "$(dirname "${3:?mmcv sdist}")" && pwd)/$(basename "$3")"
OUT="${4:?output folder}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${MMSEG_GAN_CACHE:-$HOME/.cache/mmseg-gan}"
log() { printf '[kit-mmcv %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

interp=""
for cand in "python$PYVER" "$(pyenv root 2>/dev/null)"/versions/"$PYVER".*/bin/python; do
  if command -v "$cand" >/dev/null 2>&1 && [ "$("$cand" -c \
      'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$PYVER" ]; then
    interp="$cand"; break
  fi
done
[ -n "$interp" ] || { echo "error: no Python $PYVER here (python$PYVER on PATH or pyenv's $PYVER.*) to build the node's mmcv wheel with; install one or pass --no-mmcv-wheel to make_kit.py" >&2; exit 1; }

venv="$CACHE/kit-build/py$PYVER-torch$TORCH"
if [ ! -f "$venv/.complete" ]; then
  log "build environment $venv: Python $PYVER ($interp), torch==$TORCH from PyPI"
  rm -rf "$venv"
  "$interp" -m venv "$venv"
  # torch >= 2.11 asks for setuptools < 82, whose pkg_resources mmcv's setup.py imports
  "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    "torch==$TORCH" "setuptools<82" wheel numpy packaging
  touch "$venv/.complete"
fi
start=$(date +%s)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
FORCE_CUDA=0 MMCV_SDIST="$SDIST" MMCV_WHEEL_COPY_TO="$tmp/built" \
  bash "$ROOT/tools/build_mmcv.sh" "$venv/bin/python"
# the compiled ops carry their debug symbols (83 MB of a 85 MB _ext): strip
# them so the kit fits the 64 MiB that travels with the tree
"$venv/bin/python" -m wheel unpack -d "$tmp/unpacked" "$tmp"/built/mmcv-*.whl >/dev/null
find "$tmp/unpacked" -name '*.so' -exec strip --strip-debug {} +
mkdir -p "$OUT"
"$venv/bin/python" -m wheel pack -d "$OUT" "$tmp"/unpacked/mmcv-* >/dev/null
log "mmcv wheel for Python $PYVER / torch $TORCH in $OUT, debug symbols stripped: $(du -h "$OUT"/mmcv-*.whl | cut -f1) ($(( $(date +%s) - start )) s)"
