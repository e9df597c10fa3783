#!/usr/bin/env bash
# Everything a GPU session checks, in one call sized to 8 minutes, so that a
# rerun still fits the accelerator machine's 15 minutes of device time:
#   bash tools/device_kit/gpu_check.sh [OUT_DIR]     (default: $OUT or /tmp)
# From the session machine (the device tool): make device-kit, then run this
# with `.device_kit` carried. Three steps, each time-boxed, each writing its
# log to OUT_DIR as it goes (steps.tsv: step, exit code, seconds):
#   install  tools/device_kit/install.sh: offline wheels and the prebuilt
#            mmcv, nothing compiled                        (INSTALL_S, 60 s)
#   pytest   pytest -m cuda tests/test_cuda                 (PYTEST_S, 240 s)
#   bench    tools/device_kit/gpu_bench.sh -> bench.md      (BENCH_S, 180 s)
# BENCH=0 skips the benchmark; SMOKE=1 rehearses the whole on a CPU (the CUDA
# tests skip, the benchmark runs its tiny settings); PYTHON: the interpreter.
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${1:-${OUT:-/tmp}}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export PYTHONUNBUFFERED=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}"
PY="${PYTHON:-python3}"
start=$(date +%s)
printf 'step\texit\tseconds\n' > "$out/steps.tsv"

# step NAME SECONDS LOG COMMAND...: time-boxed, its log written as it runs
step() {
  local name="$1" limit="$2" log="$3" t0 rc
  shift 3
  t0=$(date +%s)
  printf '[gpu-check %s] %s (at most %s s) -> %s\n' "$(date +%H:%M:%S)" "$name" "$limit" "$log"
  timeout --kill-after=10 "$limit" "$@" > "$out/$log" 2>&1
  rc=$?
  [ $rc = 124 ] && echo "[gpu-check] $name stopped at its $limit s limit" | tee -a "$out/$log"
  printf '%s\t%s\t%s\n' "$name" "$rc" "$(( $(date +%s) - t0 ))" >> "$out/steps.tsv"
  return $rc
}

if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
else
  echo "no nvidia-smi: no GPU driver here" | tee "$out/gpu.txt"
fi
step install "${INSTALL_S:-60}" install.log env PYTHON="$PY" bash tools/device_kit/install.sh \
  || { tail -20 "$out/install.log"; exit 1; }
grep '^\[kit' "$out/install.log"
step pytest "${PYTEST_S:-240}" pytest.log "$PY" -m pytest -m cuda tests/test_cuda -q -rs \
  --timeout 120 -p no:cacheprovider
tail -15 "$out/pytest.log"
if [ "${BENCH:-1}" = 1 ]; then
  step bench "${BENCH_S:-180}" bench.log env PYTHON="$PY" bash tools/device_kit/gpu_bench.sh "$out" \
    || tail -20 "$out/bench.log"
  cat "$out/bench.md" 2>/dev/null
fi
column -t "$out/steps.tsv"
echo "[gpu-check] all steps in $(( $(date +%s) - start )) s"
