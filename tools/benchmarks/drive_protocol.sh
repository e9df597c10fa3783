#!/usr/bin/env bash
# The DRIVE protocol (docs/results/drive.md):
#   SEEDS="0 1 2" ITERS=4000 bash tools/benchmarks/drive_protocol.sh \
#     [ROW ...]        (default: full 10of20 5of20 2of20)
# The rows and what each measures are declared in
# tools/benchmarks/protocols/drive.py (`... drive_protocol.sh --list`);
# tools/benchmarks/protocol.py runs them (ITERS, SEEDS, OUT, GAN_ITERS and
# PYTHON; --dry-run prints the commands). Finished runs are skipped and
# interrupted ones resume, so rerun the same command after a stop. Ends with
# tools/leaderboard.py over $OUT/* -> $OUT/leaderboard.{md,csv,png}.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec "${PYTHON:-.venv/bin/python}" tools/benchmarks/protocol.py drive "$@"
