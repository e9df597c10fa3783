#!/usr/bin/env bash
# Rehearse the GPU check here, on the CPU, in a fresh environment shaped like
# the accelerator machine's: the kit's Python and torch, plus the packages
# the node brings itself that the plugin imports (kit.json node_provides);
# everything else comes from the kit, offline, as on the node:
#   bash tools/device_kit/rehearse.sh [OUT_DIR]    (after make device-kit;
#                                                   default work_dirs/rehearse)
# Runs tools/device_kit/gpu_check.sh with SMOKE=1 (the CUDA tests skip, the
# benchmark runs its tiny settings) and prints its steps.tsv. The CPU needs
# minutes for what the GPU's boxes allow seconds, so the benchmark's box is
# BENCH_S=1800 here (the GPU's default: 180 s).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIT="$ROOT/.device_kit"
OUT="${1:-$ROOT/work_dirs/rehearse}"
CACHE="${MMSEG_GAN_CACHE:-$HOME/.cache/mmseg-gan}"
[ -f "$KIT/kit.json" ] || { echo "error: $KIT/kit.json is missing (make device-kit)" >&2; exit 1; }
read -r pyver torch node < <(python3 - "$KIT/kit.json" <<'EOF'
import json, sys
kit = json.load(open(sys.argv[1]))
if not kit.get('mmcv_wheel') or 'node_provides' not in kit:
    sys.exit(f'error: {sys.argv[1]} has no mmcv_wheel / node_provides: '
             'rebuild it with make device-kit')
print(kit['python_version'], kit['mmcv_wheel']['torch_version'],
      ','.join(kit['node_provides']))
EOF
)
build="$CACHE/kit-build/py$pyver-torch$torch"   # node_mmcv_wheel.sh made it
[ -x "$build/bin/python" ] || { echo "error: $build is missing (make device-kit builds it)" >&2; exit 1; }
env="$CACHE/kit-build/rehearse-py$pyver"
rm -rf "$env" "$OUT"
mkdir -p "$OUT"
"$build/bin/python" -m venv "$env"
# the node's own packages; NumPy 2 as there (the kit keeps the node's NumPy)
"$env/bin/python" -m pip install -q --disable-pip-version-check \
  "torch==$torch" ${node//,/ } 'numpy>=2'
SMOKE=1 BENCH_S="${BENCH_S:-1800}" PYTHON="$env/bin/python" bash "$ROOT/tools/device_kit/gpu_check.sh" "$OUT"
