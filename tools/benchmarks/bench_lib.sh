# Sourced by tools/benchmarks/camvid_quality.sh (the protocol rows are run by
# tools/benchmarks/protocol.py).
# Needs PYTHON, OUT, ITERS. `bench_run NAME CONFIG SEED [cfg-options...]`
# trains CONFIG for ITERS iterations (poly LR over ITERS: the protocol
# configs leave the schedules' `end` to train_cfg.max_iters; one validation and
# one checkpoint at the end) into $OUT/NAME_seedSEED, logging to
# $OUT/NAME_seedSEED.log. A finished run is skipped; an interrupted one
# resumes from its last checkpoint, so every script can be rerun at will.
bench_run() {
  local name="$1" cfg="$2" seed="$3"; shift 3
  local dir="$OUT/${name}_seed${seed}" resume=()
  if [ -f "$dir/iter_${ITERS}.pth" ]; then
    echo "[bench] $dir done, skipped"; return
  fi
  [ -s "$dir/last_checkpoint" ] && resume=(--resume)
  echo "[bench $(date +%T)] $name seed $seed -> $dir ${resume[*]}"
  "$PYTHON" tools/train.py "$cfg" --work-dir "$dir" "${resume[@]}" \
    --cfg-options randomness.seed="$seed" train_cfg.max_iters="$ITERS" \
    train_cfg.val_interval="$ITERS" \
    default_hooks.checkpoint.interval="$ITERS" \
    default_hooks.logger.interval=50 "$@" >> "$dir.log" 2>&1
}
