#!/usr/bin/env bash
# CamVid quality benchmarks of issues #4/#5 (docs/results/lever_record.md), one command:
#   ITERS=200 SEEDS="0 1" bash tools/benchmarks/camvid_quality.sh \
#     [cgan|gan-aug|gan-aug-1-8|ablations|all]
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
#   gan-aug-1-8: 1/8-labelled baseline vs GAN-aug where the SPADE, too, is
#            trained on the 46 labelled images only (4 samples per label map).
#   ablations: GAN-aug (full labels) with one thing changed each: ratio 0.25,
#            no label-map augmentation, FreeMask-style filtering with the
#            reference UNet of tools/benchmarks/synthesis_camvid.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
WHAT="${1:-all}"
ITERS="${ITERS:-200}"
SEEDS="${SEEDS:-0 1}"
OUT="${OUT:-work_dirs/bench_camvid}"
SPADE_CKPT="${SPADE_CKPT:-work_dirs/camvid/spade_1xb4-1k_camvid/iter_1000.pth}"
REF_CKPT="${REF_CKPT:-work_dirs/camvid/unet-s5-d16_fcn_1xb4-1k_camvid/iter_500.pth}"
SPADE_CFG=configs/synthesis/spade_1xb4-1k_camvid-144x192.py
C=configs  # baseline/, gan_aug/, cgan/
SPLIT="$OUT/splits/camvid_1-8_seed0.txt"
SYN="$OUT/synthetic"
mkdir -p "$OUT"

. tools/benchmarks/bench_lib.sh

for seed in $SEEDS; do
  bench_run baseline "$C/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed"
done
synthesize() {  # synthesize CHECKPOINT OUT_DIR [synthesize.py options...]
  local ckpt="$1" dir="$2"; shift 2
  echo "[bench $(date +%T)] synthesize -> $dir"
  "$PYTHON" tools/synthesize.py "$SPADE_CFG" "$ckpt" --out "$dir" --seed 0 "$@"
}

"$PYTHON" tools/dataset_converters/make_labeled_split.py \
  "$C/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
  --fraction 0.125 --seed 0 --out "$SPLIT"
SPLIT_ABS="$(realpath "$SPLIT")"
GAN_AUG="$C/gan_aug/gan-aug_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py"
if [ "$WHAT" = cgan ] || [ "$WHAT" = all ]; then
  for seed in $SEEDS; do
    bench_run cgan "$C/cgan/cgan_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed"
    bench_run baseline-1-8 "$C/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
      "$seed" train_dataloader.dataset.ann_file="$SPLIT_ABS"
    bench_run cgan-semi-1-8 \
      "$C/cgan/cgan-semi-1-8_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" "$seed" \
      model.semi_cfg.start_iter=$((ITERS / 4))
  done
fi
if [ "$WHAT" = gan-aug ] || [ "$WHAT" = ablations ] || [ "$WHAT" = all ]; then
  synthesize "$SPADE_CKPT" "$SYN" --label-augment
fi
if [ "$WHAT" = gan-aug ] || [ "$WHAT" = all ]; then
  for seed in $SEEDS; do
    bench_run gan-aug "$GAN_AUG" "$seed" \
      train_dataloader.dataset.synthetic.data_root="$SYN"
  done
fi
if [ "$WHAT" = gan-aug-1-8 ] || [ "$WHAT" = all ]; then
  # the synthesizer may see only the 46 labelled images too
  SPADE18="$OUT/spade-1-8"
  if [ ! -f "$SPADE18/iter_1000.pth" ]; then
    echo "[bench $(date +%T)] SPADE on the 46 labelled images -> $SPADE18"
    mkdir -p "$SPADE18"
    "$PYTHON" tools/train.py "$SPADE_CFG" --work-dir "$SPADE18" \
      --cfg-options randomness.seed=0 \
      train_dataloader.dataset.ann_file="$SPLIT_ABS" > "$SPADE18.log" 2>&1
  fi
  synthesize "$SPADE18/iter_1000.pth" "$OUT/synthetic-1-8" --label-augment \
    --samples-per-label 4 \
    --cfg-options train_dataloader.dataset.ann_file="$SPLIT_ABS"
  for seed in $SEEDS; do
    bench_run gan-aug-1-8 "$GAN_AUG" "$seed" \
      train_dataloader.dataset.real.ann_file="$SPLIT_ABS" \
      train_dataloader.dataset.synthetic.data_root="$OUT/synthetic-1-8"
  done
fi
if [ "$WHAT" = ablations ] || [ "$WHAT" = all ]; then
  synthesize "$SPADE_CKPT" "$OUT/synthetic-plain"
  synthesize "$SPADE_CKPT" "$OUT/synthetic-filtered" --label-augment \
    --filter-config "$C/baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py" \
    --filter-checkpoint "$REF_CKPT"
  for seed in $SEEDS; do
    bench_run gan-aug-ratio0.25 "$GAN_AUG" "$seed" \
      train_dataloader.dataset.synthetic.data_root="$SYN" \
      train_dataloader.dataset.synthetic_ratio=0.25
    bench_run gan-aug-plain "$GAN_AUG" "$seed" \
      train_dataloader.dataset.synthetic.data_root="$OUT/synthetic-plain"
    bench_run gan-aug-filtered "$GAN_AUG" "$seed" \
      train_dataloader.dataset.synthetic.data_root="$OUT/synthetic-filtered"
  done
fi
"$PYTHON" tools/leaderboard.py "$OUT/*" --per-class --md "$OUT/leaderboard.md" \
  --csv "$OUT/leaderboard.csv" --png "$OUT/leaderboard.png" \
  --title "CamVid val mIoU, UNet-S5-D16, $ITERS iterations"
