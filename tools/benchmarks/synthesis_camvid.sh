#!/usr/bin/env bash
# Seg-score benchmark on CamVid (docs/results/camvid.md), one command:
#   bash tools/benchmarks/synthesis_camvid.sh [spade|oasis]
# REF_ITER picks the reference checkpoint (default 1000, the end of its
# schedule; docs/results/camvid.md used REF_ITER=500, see there).
# 1. reference segmentor: stock UNet-S5-D16 FCN on real CamVid train;
# 2. the synthesizer on CamVid train label maps (144x192);
# 3. tools/test.py: the reference segments images generated from the val
#    label maps and the real val images (same size, same pipeline) ->
#    seg_score/mIoU, seg_score/real_mIoU, seg_score/ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
MODEL="${1:-spade}"
REF_CFG=configs/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py
REF_DIR=work_dirs/camvid/unet-s5-d16_fcn_1xb4-1k_camvid
GAN_CFG=configs/synthesis/${MODEL}_1xb4-1k_camvid-144x192.py
GAN_DIR=work_dirs/camvid/${MODEL}_1xb4-1k_camvid

REF_ITER="${REF_ITER:-1000}"
[ -f "$REF_DIR/iter_$REF_ITER.pth" ] || \
  "$PYTHON" tools/train.py "$REF_CFG" --work-dir "$REF_DIR"
[ -f "$GAN_DIR/iter_1000.pth" ] || \
  "$PYTHON" tools/train.py "$GAN_CFG" --work-dir "$GAN_DIR"
"$PYTHON" tools/test.py "$GAN_CFG" "$GAN_DIR/iter_1000.pth" \
  --work-dir "$GAN_DIR/test" \
  --cfg-options "test_evaluator.segmentor_checkpoint=$REF_DIR/iter_$REF_ITER.pth"
