#!/usr/bin/env bash
# The demo pipeline on the embedded demo data (called by `make demo`):
#   1. train a stock mmseg UNet (S5-D16 FCN) and evaluate it (tools/test.py);
#   2. train a small SPADE synthesizer (label map -> image) and score its
#      images with that UNet (seg-score: mIoU on generated vs. real images).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
WORK_DIR="${WORK_DIR:-work_dirs/demo}"
SEG_CFG=configs/demo/unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py
GAN_CFG=configs/demo/spade_1xb4-300_demo-cityscapes-64x128.py

echo "== [1/4] train a stock mmseg UNet (S5-D16 FCN) on the demo data =="
"$PYTHON" tools/train.py "$SEG_CFG" --work-dir "$WORK_DIR/unet"
unet_ckpt="$(cat "$WORK_DIR/unet/last_checkpoint")"

echo "== [2/4] evaluate it with tools/test.py =="
"$PYTHON" tools/test.py "$SEG_CFG" "$unet_ckpt" --work-dir "$WORK_DIR/unet/test" \
  --show-dir "$WORK_DIR/unet/test/show"

echo "== [3/4] train a SPADE synthesizer (label map -> image) =="
"$PYTHON" tools/train.py "$GAN_CFG" --work-dir "$WORK_DIR/spade"
gan_ckpt="$(cat "$WORK_DIR/spade/last_checkpoint")"

echo "== [4/4] seg-score: the UNet on generated vs. real val images =="
"$PYTHON" tools/test.py "$GAN_CFG" "$gan_ckpt" --work-dir "$WORK_DIR/spade/test" \
  --cfg-options "test_evaluator.segmentor_checkpoint=$unet_ckpt"
echo "demo done: $WORK_DIR/unet (segmentor), $WORK_DIR/spade (synthesizer;"
echo "sample grids in $WORK_DIR/spade/vis_synthesis)"
