#!/usr/bin/env bash
# Everything a GPU session checks, in one call of at most 10 minutes:
# install offline from the kit, the CUDA tests, then (BENCH=1, the default)
# the GPU speed benchmark (tools/device_kit/gpu_bench.sh).
#   bash tools/device_kit/gpu_check.sh [OUT_DIR]     (default: $OUT or /tmp)
# From the session machine (the device tool): make device-kit, then run this
# with `.device_kit` carried. Logs go to OUT_DIR (install.log, pytest.log).
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${1:-${OUT:-/tmp}}"
mkdir -p "$out"
export PYTHONUNBUFFERED=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
bash tools/device_kit/install.sh 2>&1 | tee "$out/install.log" | grep -v Warning || exit 1
python3 -m pytest -m cuda tests/test_cuda -q -rs --timeout 300 -p no:cacheprovider \
  2>&1 | tee "$out/pytest.log" | tail -25
if [ "${BENCH:-1}" = 1 ]; then
  bash tools/device_kit/gpu_bench.sh "$out" > "$out/bench.log" 2>&1 || tail -20 "$out/bench.log"
  cat "$out/bench.md" 2>/dev/null
fi
