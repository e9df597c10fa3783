#!/usr/bin/env bash
# The GPU speed benchmark (docs/results/speed.md), one call, after
# tools/device_kit/install.sh:
#   bash tools/device_kit/gpu_bench.sh OUT_DIR        (tables -> OUT_DIR/bench.md)
# 1. SPADE and OASIS (Cityscapes configs, 256x512, batch 8): fp32 vs fp16 /
#    bf16 AMP, iteration time and peak GPU memory (tools/benchmarks/amp_speed.py)
# 2. DeepLabV3+ R-50 at 512x1024: cGAN / baseline, GAN-aug offline / online /
#    baseline with the real-size SPADE generator, synthesis throughput vs a
#    bare generator loop (tools/benchmark.py)
# Data: the demo Cityscapes generator at 256x512 and 512x1024 (no download).
# ImageNet weights are not loaded (offline); they do not change the timing:
# SPADE's VGG19 perceptual loss runs on random VGG19 weights made here.
# SMOKE=1: tiny iteration counts and data, to check the script on a CPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mkdir -p "${1:?usage: gpu_bench.sh OUT_DIR}" && cd "$1" && pwd)"
PY="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "${SMOKE:-0}" = 1 ]; then
  iters=(--iters 1 --warmup 1); gan_batch=2; seg_batch=1; n_train=4; synth=4
else
  iters=(--iters 20 --warmup 3); gan_batch=8; seg_batch=8; n_train=16; synth=64
fi
log() { printf '[gpu-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
OASIS=configs/synthesis/oasis_1xb4-20k_cityscapes-256x512.py
SPADE="$work/spade_1xb4-20k_cityscapes-256x512.py"  # the same, local VGG19
"$PY" -c "import sys, torch, torchvision
torch.save({f'features.{k}': v for k, v in
            torchvision.models.vgg19().features[:30].state_dict().items()},
           sys.argv[1])" "$work/vgg19.pth"
cat > "$SPADE" <<EOF
_base_ = ['$PWD/configs/synthesis/spade_1xb4-20k_cityscapes-256x512.py']
model = dict(perceptual_loss=dict(vgg_checkpoint='$work/vgg19.pth'))
EOF

log "demo data 256x512 and 512x1024"
"$PY" tools/dataset_converters/demo_cityscapes.py "$work/d256" \
  --num-train "$n_train" --num-val 1 --num-test 1 --size 256 512
"$PY" tools/dataset_converters/demo_cityscapes.py "$work/d512" \
  --num-train "$n_train" --num-val 1 --num-test 1 --size 512 1024

log "GAN fp32 vs AMP"
"$PY" tools/benchmarks/amp_speed.py "$SPADE" "$OASIS" --data-root "$work/d256" \
  --batch-size "$gan_batch" "${iters[@]}" --out "$out/bench.md"

log "a real-size SPADE checkpoint (2 iterations) and $synth synthetic pairs"
"$PY" tools/train.py "$SPADE" --work-dir "$work/spade" --cfg-options \
  train_dataloader.dataset.data_root="$work/d256" train_cfg.max_iters=2 \
  default_hooks.checkpoint.interval=2 train_dataloader.num_workers=2 \
  > "$out/spade_train.log" 2>&1
"$PY" tools/synthesize.py "$SPADE" "$work/spade/iter_2.pth" --out "$work/syn" \
  --num "$synth" --preview 0 --cfg-options \
  train_dataloader.dataset.data_root="$work/d512"

cat > "$work/deeplabv3plus.py" <<EOF
_base_ = ['mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py']
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
model = dict(pretrained=None)
EOF
cat > "$work/cgan_deeplabv3plus.py" <<EOF
_base_ = ['$PWD/configs/cgan/cgan_deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py']
model = dict(pretrained=None)
EOF
log "DeepLabV3+ R-50 512x1024: baseline / GAN-aug offline / online / cGAN"
"$PY" tools/benchmark.py --seg-config "$work/deeplabv3plus.py" \
  --cgan-config "$work/cgan_deeplabv3plus.py" --synthetic "$work/syn" \
  --gan-config "$SPADE" --gan-checkpoint "$work/spade/iter_2.pth" \
  --data-root "$work/d512" "${iters[@]}" --synth-num "$synth" \
  --batch-size "$seg_batch" --out "$out/bench.md"
log "done: $out/bench.md"
