#!/usr/bin/env bash
# The data-limited CamVid protocol (docs/results/lever_record.md, "CamVid protocol"):
#   SEEDS="0 1 2" ITERS=2000 bash tools/benchmarks/camvid_protocol.sh \
#     [ROW ...]        (default: full low)
# The rows and what each measures are declared in
# tools/benchmarks/protocols/camvid.py (`... camvid_protocol.sh --list`);
# tools/benchmarks/protocol.py runs them (ITERS, SEEDS, OUT, GAN_ITERS,
# ADV_RATIO and PYTHON as before; --dry-run prints the commands). Finished
# runs are skipped and interrupted ones resume, so rerun the same command
# after a stop. Ends with tools/leaderboard.py over $OUT/* ->
# $OUT/leaderboard.{md,csv,png}.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec "${PYTHON:-.venv/bin/python}" tools/benchmarks/protocol.py camvid "$@"
