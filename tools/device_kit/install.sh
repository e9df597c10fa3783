#!/usr/bin/env bash
# Install mmseg-gan on a GPU node with no package registry, from the kit that
# `make device-kit` downloaded (tools/device_kit/make_kit.py):
#   bash tools/device_kit/install.sh [KIT]        (default: ./.device_kit)
# The node brings Python, torch, torchvision and (for CUDA ops) nvcc; the kit
# brings the rest as wheels, mmcv 2.1.0 prebuilt for the node's Python and
# torch with CPU ops (installed as is: nothing compiles), and the mmcv sdist,
# compiled here (tools/build_mmcv.sh, with its C++20 fix) only when
# MMCV_CUDA_OPS=1 or when the node's torch is not the wheel's.
#
# Environment:
#   PYTHON                the node's interpreter (default: python3)
#   PIP_TARGET            install into this folder instead of PYTHON's
#                         environment; then `export PYTHONPATH=...` as printed
#   MMCV_CUDA_OPS=1       compile mmcv with CUDA ops for the visible GPU
#                         instead of installing the prebuilt CPU-ops wheel
#   TORCH_CUDA_ARCH_LIST  GPU architectures (default: the visible GPU's)
#   MAX_JOBS              parallel compile jobs (default: nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIT="$(cd "${1:-$ROOT/.device_kit}" 2>/dev/null && pwd)" || {
  echo "error: kit folder ${1:-$ROOT/.device_kit} does not exist (make device-kit)" >&2; exit 1; }
PY="${PYTHON:-python3}"
PIP=("$PY" -m pip --disable-pip-version-check)
log() { printf '[kit %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
start=$(date +%s)

[ -f "$KIT/kit.json" ] || { echo "error: $KIT/kit.json is missing: not a kit (make device-kit)" >&2; exit 1; }
# the kit's files are whole and meant for this Python
"$PY" - "$KIT" <<'EOF'
import hashlib, json, os.path as osp, sys
kit = sys.argv[1]
meta = json.load(open(osp.join(kit, 'kit.json')))
have = '%d.%d' % sys.version_info[:2]
if have != meta['python_version']:
    sys.exit(f"error: {kit}/kit.json: python_version is "
             f"{meta['python_version']}, this interpreter is {have}; "
             f"rebuild with make_kit.py --python-version {have}")
for rel, info in meta['files'].items():
    path = osp.join(kit, rel)
    if not osp.isfile(path):
        sys.exit(f'error: {path} is missing (kit.json lists it)')
    if hashlib.sha256(open(path, 'rb').read()).hexdigest() != info['sha256']:
        sys.exit(f'error: {path} does not match its sha256 in kit.json')
print(f"[kit] {len(meta['files'])} files verified for Python {have}")
EOF
"$PY" -c "import torch; print('[kit] torch', torch.__version__, 'cuda', torch.version.cuda, 'gpu', torch.cuda.is_available())"

if [ -n "${PIP_TARGET:-}" ]; then
  mkdir -p "$PIP_TARGET"
  export PYTHONPATH="$PIP_TARGET:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
fi
log "installing $(ls "$KIT"/wheels/*.whl | wc -l) wheels offline"
"${PIP[@]}" install -q --no-index --no-deps --no-compile --upgrade "$KIT"/wheels/*.whl

# the prebuilt wheel when it was built for this torch (kit.json: this Python)
wheel="$("$PY" - "$KIT/kit.json" <<'EOF'
import json, sys, torch
w = json.load(open(sys.argv[1])).get('mmcv_wheel')
if not w:
    print('reason: the kit carries no prebuilt mmcv wheel')
elif torch.__version__.split('+')[0] != w['torch_version']:
    print(f"reason: the wheel is built for torch {w['torch_version']}, "
          f'this node has {torch.__version__}')
else:
    print('file: ' + w['file'])
EOF
)"
if [ "${MMCV_CUDA_OPS:-0}" != 1 ] && [ "${wheel%%:*}" = file ]; then
  log "installing the prebuilt mmcv (CPU ops, nothing to compile): ${wheel#file: }"
  "${PIP[@]}" install -q --no-index --no-deps --force-reinstall "$KIT/${wheel#file: }"
else
  [ "${MMCV_CUDA_OPS:-0}" = 1 ] && why="MMCV_CUDA_OPS=1" || why="${wheel#reason: }"
  log "compiling mmcv from the kit's sdist ($why)"
  if command -v nvcc >/dev/null && "$PY" -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
    export FORCE_CUDA=1
    if [ -z "${TORCH_CUDA_ARCH_LIST:-}" ]; then
      TORCH_CUDA_ARCH_LIST="$("$PY" -c "import torch; print('%d.%d' % torch.cuda.get_device_capability())")"
      export TORCH_CUDA_ARCH_LIST
    fi
    log "building mmcv CUDA ops for sm ${TORCH_CUDA_ARCH_LIST} with $(nvcc --version | tail -1)"
  else
    log "no GPU with nvcc visible: mmcv gets CPU ops only"
  fi
  MMCV_SDIST="$KIT/$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['mmcv_sdist'])" "$KIT/kit.json")" \
    bash "$ROOT/tools/build_mmcv.sh" "$PY"
fi

if [ -z "${PIP_TARGET:-}" ]; then
  "${PIP[@]}" install -q --no-index --no-deps --no-build-isolation -e "$ROOT"
fi
"$PY" -c "
import torch, mmcv, mmcv.ops, mmseg, mmengine, mmagic, mmseg_gan
from mmcv.ops import get_compiling_cuda_version
print('[kit] mmcv', mmcv.__version__, '(CUDA ops:', get_compiling_cuda_version() + ')',
      'mmseg', mmseg.__version__, 'mmengine', mmengine.__version__,
      'mmagic', mmagic.__version__, 'mmseg_gan', mmseg_gan.__version__)"
log "done in $(( $(date +%s) - start )) s"
if [ -n "${PIP_TARGET:-}" ]; then
  echo "export PYTHONPATH=$PYTHONPATH"
fi
