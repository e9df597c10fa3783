#!/usr/bin/env bash
# CamVid quality benchmarks of issues #4/#5 (docs/benchmarks.md), one command:
#   ITERS=200 SEEDS="0 1" bash tools/benchmarks/camvid_quality.sh [cgan|gan-aug|all]
# Every run: the CamVid UNet-S5-D16 FCN configs (128x160 crops, batch 4),
# ITERS iterations (poly LR over ITERS), one validation at the end on the
# full CamVid val set, seeds SEEDS. Runs already finished are skipped, so the
# script resumes after an interruption. Results: tools/leaderboard.py over
# $OUT/* -> $OUT/leaderboard.{md,csv,png}.
#   cgan:    baseline vs cGAN (full labels); 1/8-labelled baseline (the same
#            46 images) vs semi-supervised cGAN (the other 321 unlabelled).
#   gan-aug: baseline vs GAN-aug (SPADE pairs from the CamVid label maps,
#            --label-augment, ratio 0.5); needs the CamVid SPADE checkpoint
#            of tools/benchmarks/synthesis_camvid.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
WHAT="${1:-all}"
ITERS="${ITERS:-200}"
SEEDS="${SEEDS:-0 1}"
OUT="${OUT:-work_dirs/bench_camvid}"
SPADE_CKPT="${SPADE_CKPT:-work_dirs/camvid/spade_1xb4-1k_camvid/iter_1000.pth}"
C=configs/camvid
SPLIT="$OUT/splits/camvid_1-8_seed0.txt"
SYN="$OUT/synthetic"
mkdir -p "$OUT"

run() {  # run NAME CONFIG SEED [cfg-options...]
  local name="$1" cfg="$2" seed="$3"; shift 3
  local dir="$OUT/${name}_seed${seed}"
  if [ -f "$dir/iter_${ITERS}.pth" ]; then
    echo "[bench] $dir done, skipped"; return
  fi
  echo "[bench $(date +%T)] $name seed $seed -> $dir"
  "$PYTHON" tools/train.py "$cfg" --work-dir "$dir" --cfg-options \
    randomness.seed="$seed" train_cfg.max_iters="$ITERS" \
    train_cfg.val_interval="$ITERS" param_scheduler.0.end="$ITERS" \
    default_hooks.checkpoint.interval="$ITERS" \
    default_hooks.logger.interval=50 "$@" > "$dir.log" 2>&1
}

for seed in $SEEDS; do
  run baseline "$C/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed"
done
if [ "$WHAT" = cgan ] || [ "$WHAT" = all ]; then
  "$PYTHON" tools/dataset_converters/make_labeled_split.py \
    "$C/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
    --fraction 0.125 --seed 0 --out "$SPLIT"
  for seed in $SEEDS; do
    run cgan "$C/cgan_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed"
    run baseline-1-8 "$C/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
      "$seed" train_dataloader.dataset.ann_file="$(realpath "$SPLIT")"
    run cgan-semi-1-8 \
      "$C/cgan-semi-1-8_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed" \
      model.semi_cfg.start_iter=$((ITERS / 4))
  done
fi
if [ "$WHAT" = gan-aug ] || [ "$WHAT" = all ]; then
  "$PYTHON" tools/synthesize.py configs/synthesis/spade_1xb4-1k_camvid-144x192.py \
    "$SPADE_CKPT" --out "$SYN" --label-augment --seed 0
  for seed in $SEEDS; do
    run gan-aug "$C/gan-aug_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
      "$seed" train_dataloader.dataset.synthetic.data_root="$SYN"
  done
fi
"$PYTHON" tools/leaderboard.py "$OUT/*" --per-class --md "$OUT/leaderboard.md" \
  --csv "$OUT/leaderboard.csv" --png "$OUT/leaderboard.png" \
  --title "CamVid val mIoU, UNet-S5-D16, $ITERS iterations"
