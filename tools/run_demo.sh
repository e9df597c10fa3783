#!/usr/bin/env bash
# The demo pipeline on the embedded demo data (called by `make demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
WORK_DIR="${WORK_DIR:-work_dirs/demo}"
SEG_CFG=configs/demo/unet-s5-d16_fcn_1xb4-200_demo-cityscapes-128x256.py

echo "== [1/2] train a stock mmseg UNet (S5-D16 FCN) on the demo data =="
"$PYTHON" tools/train.py "$SEG_CFG" --work-dir "$WORK_DIR/unet"
ckpt="$(cat "$WORK_DIR/unet/last_checkpoint")"

echo "== [2/2] evaluate it with tools/test.py =="
"$PYTHON" tools/test.py "$SEG_CFG" "$ckpt" --work-dir "$WORK_DIR/unet/test" \
  --show-dir "$WORK_DIR/unet/test/show"
echo "demo done: logs, checkpoints and painted predictions in $WORK_DIR/unet"
