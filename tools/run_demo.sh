#!/usr/bin/env bash
# The demo pipeline on the embedded demo data (called by `make demo`):
#   1. train a stock mmseg UNet (S5-D16 FCN) and evaluate it (tools/test.py);
#   2. train a small SPADE synthesizer (label map -> image) and score its
#      images with that UNet (seg-score: mIoU on generated vs. real images);
#   3. synthesize (image, label) pairs, train the same UNet on real +
#      synthetic data, evaluate it, and compare with step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
WORK_DIR="${WORK_DIR:-work_dirs/demo}"
SEG_CFG=configs/demo/unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py
GAN_CFG=configs/demo/spade_1xb4-300_demo-cityscapes-64x128.py
AUG_CFG=configs/demo/gan-aug_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py

echo "== [1/7] train a stock mmseg UNet (S5-D16 FCN) on the demo data =="
"$PYTHON" tools/train.py "$SEG_CFG" --work-dir "$WORK_DIR/unet"
unet_ckpt="$(cat "$WORK_DIR/unet/last_checkpoint")"

echo "== [2/7] evaluate it with tools/test.py =="
"$PYTHON" tools/test.py "$SEG_CFG" "$unet_ckpt" --work-dir "$WORK_DIR/unet/test" \
  --show-dir "$WORK_DIR/unet/test/show"

echo "== [3/7] train a SPADE synthesizer (label map -> image) =="
"$PYTHON" tools/train.py "$GAN_CFG" --work-dir "$WORK_DIR/spade"
gan_ckpt="$(cat "$WORK_DIR/spade/last_checkpoint")"

echo "== [4/7] seg-score: the UNet on generated vs. real val images =="
"$PYTHON" tools/test.py "$GAN_CFG" "$gan_ckpt" --work-dir "$WORK_DIR/spade/test" \
  --cfg-options "test_evaluator.segmentor_checkpoint=$unet_ckpt"

echo "== [5/7] synthesize 2 pairs per training label map (+ label augmentation) =="
"$PYTHON" tools/synthesize.py "$GAN_CFG" "$gan_ckpt" --out "$WORK_DIR/synthetic" \
  --samples-per-label 2 --label-augment --device cpu

echo "== [6/7] train the same UNet on real + synthetic pairs (ratio 0.5) =="
"$PYTHON" tools/train.py "$AUG_CFG" --work-dir "$WORK_DIR/gan_aug_unet" \
  --cfg-options "train_dataloader.dataset.synthetic.data_root=$WORK_DIR/synthetic"
aug_ckpt="$(cat "$WORK_DIR/gan_aug_unet/last_checkpoint")"

echo "== [7/7] evaluate it and compare =="
"$PYTHON" tools/test.py "$AUG_CFG" "$aug_ckpt" --work-dir "$WORK_DIR/gan_aug_unet/test"
"$PYTHON" - "$WORK_DIR" <<'PY'
import glob, json, os.path as osp, sys
root = sys.argv[1]
def last(path):
    files = sorted(glob.glob(osp.join(root, path, 'test', '*', '*.json')))
    return json.load(open(files[-1])) if files else {}
rows = [('UNet, real only', last('unet')),
        ('UNet, real + GAN pairs', last('gan_aug_unet'))]
print('\n| demo val (8 images, 200 iterations) | mIoU | mAcc | aAcc |')
print('|---|---|---|---|')
for name, m in rows:
    print(f"| {name} | {m.get('mIoU', float('nan')):.2f} | "
          f"{m.get('mAcc', float('nan')):.2f} | {m.get('aAcc', float('nan')):.2f} |")
seg = last('spade')
if seg:
    print(f"\nseg-score of the demo SPADE: mIoU {seg.get('seg_score/mIoU')} on "
          f"generated vs {seg.get('seg_score/real_mIoU')} on real images "
          f"(ratio {seg.get('seg_score/ratio')})")
PY
echo "demo done: outputs in $WORK_DIR (sample grids: $WORK_DIR/spade/vis_synthesis)"
