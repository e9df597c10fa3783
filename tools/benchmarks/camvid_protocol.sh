#!/usr/bin/env bash
# The data-limited CamVid protocol (docs/benchmarks.md, "CamVid protocol"):
#   SEEDS="0 1 2" ITERS=2000 bash tools/benchmarks/camvid_protocol.sh \
#     [ROW ...]        (default: full low)
# Rows, each trained once per seed with the protocol segmentor
# (configs/baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py:
# half-width UNet, CamVid at 240x180, 128x160 crops, batch 4, AdamW):
#   full       all 367 labelled training images
#   low        the protocol's low-label split: 1/8 of every video sequence
#              as one contiguous stretch (47 images, seed 0 of
#              make_labeled_split.py --stretch), $OUT/splits/low.txt
#   scattered  1/8 as scattered frames (46 images, the draw the earlier
#              CamVid rows used): shows why the protocol uses stretches
#   low16      1/16 of every video sequence as one stretch (23 images):
#              whether halving the labels again widens the gap to full
#   low-pretrain-control  the low split for 3/4 of ITERS (poly LR over
#              them): only the real iterations of gan-aug-pretrain-low
#   low-half-control  the low split for ITERS/2: as many real samples as
#              the ratio-0.5 GAN-aug rows see
#   low16-r0.1-control  the low16 split for 9/10 of ITERS: as many real
#              samples as gan-aug-pix2pix-r0.1-low16 sees
#   gan-aug-low  the low split + SPADE pairs at ratio 0.5; the SPADE
#              (configs/synthesis/spade_1xb4-1k_camvid-144x192.py, seed 0,
#              $GAN_ITERS iterations) is trained on the low split only and
#              renders 4 pairs per labelled map with label augmentation
#   gan-aug-oasis-low  the same with OASIS pairs
#              (configs/synthesis/oasis_1xb4-1k_camvid-144x192.py, same
#              budget and split)
#   gan-aug-pix2pix-low  the same with pix2pix pairs
#              (configs/synthesis/pix2pix_1xb4-1k_camvid-144x192.py)
#   gan-aug-pix2pix-r0.1-low  the pix2pix pairs at synthetic ratio 0.1:
#              nine real samples in ten kept, so that a longer run is
#              charged little for the real samples it gives up
#   gan-aug-pix2pix-noaug-r0.1-low  gan-aug-pix2pix-r0.1-low with pairs
#              rendered from the 47 split maps as they are (no label
#              augmentation: no flips, zooms or pasted instances), so the
#              synthetic labels are the real ones and only the images differ
#   gan-aug-pix2pix-ignore-r0.1-low  gan-aug-pix2pix-r0.1-low with the
#              classes pix2pix renders worst (class_texture.py: Tree's detail,
#              Car's colour, Pavement's texture) loaded as ignored in the
#              synthetic labels (SyntheticSegDataset ignore_classes)
#   gan-aug-pix2pix-r0.1-low16  gan-aug-pix2pix-r0.1-low on the low16
#              split: pix2pix trained on its 23 images ($OUT/pix2pix-low16)
#              renders their maps, mixed in at ratio 0.1
#   gan-aug-pix2pix-ms-low  the same with the pairs of pix2pix trained with
#              the mode-seeking loss
#              (configs/synthesis/pix2pix-ms_1xb4-1k_camvid-144x192.py)
#   gan-aug-freemask-low  the SPADE pairs with FreeMask-style filtering:
#              pixels the low split's own segmentor (low_seed0) finds
#              unreliable become 255 (tools/synthesize.py --filter-config)
#   synthesizers  only train the three synthesizers, score them (seg-score with
#              full_seed0 as the reference: $OUT/NAME-low/segscore.log) and
#              render their pairs (sample diversity in $OUT/synthetic*.log)
#   gan-aug-decay-low  the same pairs, synthetic share decaying 0.5 -> 0
#              over the run (SyntheticRatioBatchSampler)
#   gan-aug-pretrain-low  the same pairs as pre-training: synthetic only
#              for the first ITERS/4 iterations, then real only
#   gan-aug-rare-low  SPADE pairs whose layouts always get up to 6 pasted
#              instances of the five classes at 0 IoU (Pole, SignSymbol,
#              Fence, Pedestrian, Bicyclist)
#   gan-aug-x16-low  16 SPADE pairs per labelled map instead of 4
#   cgan-full  the adversarial segmentor (Hung et al., real_smoothing 0.3)
#              on all labels
#   cgan-low   the same on the low split only (the supervised part of
#              cgan-semi-low)
#   cgan-warmup-low  cgan-low with the adversarial term off for the first
#              ITERS/4 iterations, then ramped up over the next ITERS/4
#   cgan-warmup-full  the warmed-up cGAN on all labels
#   cgan-sn-warmup-low  cgan-warmup-low with spectral norm on every
#              discriminator conv
#   cgan-dlr0.1-warmup-low  cgan-warmup-low with the discriminator's
#              learning rate at a tenth of Hung's (1e-5)
#   cgan-dint2-warmup-low  cgan-warmup-low with half the discriminator
#              updates (model.discriminator_interval=2: it steps every
#              second iteration)
#   cgan-adaptive-warmup-low  cgan-warmup-low with the adaptive λ_adv
#              (adversarial_head.adaptive_grad_ratio=$ADV_RATIO): the
#              adversarial gradient on the classifier held at that share of
#              the supervised one
#   cgan-adaptive-warmup-full, cgan-adaptive-warmup-low16  the same on all
#              labels and on the low16 split
#   cgan-lambda0.001-low  cgan-low at a tenth of its λ_adv (0.001)
#   cgan-semi-low  the semi-supervised adversarial segmentor: the low split
#              labelled, the other CamVid train images unlabeled,
#              self-training from ITERS/4
#   cgan-semi-warmup-low  cgan-semi-low with cgan-warmup-low's warm-up of
#              both adversarial terms
#   cgan-semi-balanced-warmup-low  cgan-semi-warmup-low with the 30 % of
#              self-trained pixels taken within each predicted class
#              (semi_cfg.class_balanced)
#   cgan-semi-weight0.1-warmup-low  cgan-semi-warmup-low with the
#              self-training loss at Hung's weight, 0.1 of the supervised
#              loss (semi_cfg.semi_loss_weight; the config's 1.0 otherwise)
#   cgan-s4gan-warmup-low  s4GAN on the same split and unlabeled images
#              (configs/cgan/cgan-s4gan_...py: image-level discriminator,
#              feature matching, whole images self-trained above 0.6),
#              with the warm-up of cgan-semi-warmup-low
#   cgan-s4gan-nodrop-warmup-low  the same without the discriminator's
#              dropout (so that it can learn in a short run)
#   cgan-s4gan-labeledbn-nodrop-warmup-low  cgan-s4gan-nodrop-warmup-low
#              with the unlabeled passes kept out of the BatchNorm
#              statistics, as the s4GAN config now inherits
#   cgan-semi-noloss-warmup-low  cgan-semi-warmup-low with no loss on the
#              unlabeled images (semi_loss_weight and semi adv_loss_weight
#              0): they are still forwarded and seen as fake by the
#              discriminator
#   cgan-semi-noloss-nofake-warmup-low  the same, and the discriminator
#              does not see them (semi_cfg.unlabeled_as_fake=False): only
#              their forward passes are left
#   cgan-semi-nofake-warmup-low  cgan-semi-warmup-low (self-training and
#              the adversarial term on the unlabeled images kept) with the
#              discriminator not seeing them (semi_cfg.unlabeled_as_fake=False)
#   cgan-semi-labeledbn-warmup-low  cgan-semi-warmup-low with the unlabeled
#              forward passes kept out of the BatchNorm running statistics
#              (semi_cfg.unlabeled_bn_stats=False, the semi config's
#              setting; every other semi row runs with True, as measured)
#   cgan-semi-labeledbn-balanced-warmup-low  cgan-semi-labeledbn-warmup-low
#              with cgan-semi-balanced-warmup-low's class-balanced share
#   cgan-warmup-low16, cgan-semi-labeledbn-warmup-low16  cgan-warmup-low
#              and cgan-semi-labeledbn-warmup-low on the low16 split (23
#              labelled images, the other 344 unlabeled for the semi row)
# Finished runs are skipped and interrupted ones resume, so rerun the same
# command after a stop. Ends with tools/leaderboard.py over $OUT/* ->
# $OUT/leaderboard.{md,csv,png}.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
ITERS="${ITERS:-2000}"
SEEDS="${SEEDS:-0 1 2}"
OUT="${OUT:-work_dirs/camvid_protocol}"
CFG=configs/baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
GAN_AUG=configs/gan_aug/gan-aug_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
GAN_AUG_DECAY=configs/gan_aug/gan-aug-decay_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
GAN_AUG_PRETRAIN=configs/gan_aug/gan-aug-pretrain_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
CGAN=configs/cgan/cgan_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
CGAN_WARMUP=configs/cgan/cgan-warmup_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
CGAN_SEMI=configs/cgan/cgan-semi_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
CGAN_S4GAN=configs/cgan/cgan-s4gan_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py
SPADE=configs/synthesis/spade_1xb4-1k_camvid-144x192.py
OASIS=configs/synthesis/oasis_1xb4-1k_camvid-144x192.py
PIX2PIX=configs/synthesis/pix2pix_1xb4-1k_camvid-144x192.py
PIX2PIX_MS=configs/synthesis/pix2pix-ms_1xb4-1k_camvid-144x192.py
GAN_ITERS="${GAN_ITERS:-1000}"
# the adaptive λ_adv's gradient share: what λ_adv 0.01 gives on the
# classifier in the 70 iterations after the warm-up's start (0.18-0.44,
# mean 0.26; docs/benchmarks.md, "Eighteenth lever")
ADV_RATIO="${ADV_RATIO:-0.25}"
ROWS=("$@")
[ ${#ROWS[@]} -gt 0 ] || ROWS=(full low)
. tools/benchmarks/bench_lib.sh
mkdir -p "$OUT/splits"

split() {  # split NAME [make_labeled_split.py options; --fraction 0.125]
  local file="$OUT/splits/$1.txt"; shift
  [ -f "$file" ] || "$PYTHON" tools/dataset_converters/make_labeled_split.py \
    "$CFG" --fraction 0.125 --seed 0 --out "$file" "$@" >&2
  realpath "$file"
}

gan_pairs() {  # gan_pairs NAME CONFIG SPLIT_FILE OUT_DIR [synthesize.py opts]
  # train the synthesizer NAME on the split, score it, render 4 pairs a map
  # (with label augmentation unless the row empties label_aug); the
  # synthesizer's work dir is named after the real split ($real)
  local name="$1" gcfg="$2" split="$3" syn="$4" gan="$OUT/$1-$real"
  shift 4
  if [ ! -f "$gan/iter_${GAN_ITERS}.pth" ]; then
    local resume=(); [ -s "$gan/last_checkpoint" ] && resume=(--resume)
    echo "[bench $(date +%T)] $name on $split -> $gan ${resume[*]}" >&2
    mkdir -p "$gan"
    "$PYTHON" tools/train.py "$gcfg" --work-dir "$gan" "${resume[@]}" \
      --cfg-options randomness.seed=0 train_cfg.max_iters="$GAN_ITERS" \
      default_hooks.checkpoint.interval="$GAN_ITERS" \
      train_dataloader.dataset.ann_file="$split" >> "$gan.log" 2>&1
  fi
  local ref="$OUT/full_seed0/iter_${ITERS}.pth"
  if [ ! -f "$gan/segscore.log" ] && [ -f "$ref" ]; then
    # seg-score: the protocol's full-label segmentor on generated val images
    echo "[bench $(date +%T)] seg-score of $name (reference $ref)" >&2
    "$PYTHON" tools/test.py "$gcfg" "$gan/iter_${GAN_ITERS}.pth" \
      --work-dir "$gan/segscore" --cfg-options \
      test_evaluator.segmentor_config="$CFG" \
      test_evaluator.segmentor_checkpoint="$ref" test_evaluator.device=cpu \
      > "$gan/segscore.log.part" 2>&1
    mv "$gan/segscore.log.part" "$gan/segscore.log"
    grep -o 'seg_score/[a-z_A-Z]*: [0-9.]*' "$gan/segscore.log" >&2 || true
  fi
  if [ ! -f "$syn/manifest.json" ]; then
    echo "[bench $(date +%T)] synthesize -> $syn" >&2
    "$PYTHON" tools/synthesize.py "$gcfg" "$gan/iter_${GAN_ITERS}.pth" \
      --out "$syn" --samples-per-label 4 "${label_aug[@]}" --seed 0 "$@" \
      --cfg-options train_dataloader.dataset.ann_file="$split" 2>&1 \
      | tee "$syn.log" >&2
  fi
  realpath "$syn"
}

aug_low() {  # aug_low NAME CONFIG OUT_DIR [synthesize.py opts]
  # sets opts: the $real split (low or low16) as the real set, the pairs
  # of NAME trained on it as the synthetic
  local low
  case "$real" in
    low) low="$(split low --stretch)" ;;
    low16) low="$(split low16 --stretch --fraction 0.0625)" ;;
  esac
  local name="$1" gcfg="$2" syn="$3"
  shift 3
  # ratio 0.5 unless the row sets another (the config's default is 0.1)
  opts=(train_dataloader.dataset.real.ann_file="$low"
        train_dataloader.dataset.synthetic_ratio=0.5
        train_dataloader.dataset.synthetic.data_root="$(gan_pairs "$name" "$gcfg" "$low" "$syn" "$@")")
}

for row in "${ROWS[@]}"; do
  cfg="$CFG" iters="$ITERS" label_aug=(--label-augment) real=low
  case "$row" in
    full) opts=() ;;
    low) opts=(train_dataloader.dataset.ann_file="$(split low --stretch)") ;;
    scattered) opts=(train_dataloader.dataset.ann_file="$(split scattered)") ;;
    low16) opts=(train_dataloader.dataset.ann_file="$(split low16 --stretch --fraction 0.0625)") ;;
    low-pretrain-control)
      opts=(train_dataloader.dataset.ann_file="$(split low --stretch)")
      iters=$((ITERS * 3 / 4)) ;;
    low-half-control)
      opts=(train_dataloader.dataset.ann_file="$(split low --stretch)")
      iters=$((ITERS / 2)) ;;
    low16-r0.1-control)
      opts=(train_dataloader.dataset.ann_file="$(split low16 --stretch --fraction 0.0625)")
      iters=$((ITERS * 9 / 10)) ;;
    gan-aug-low) cfg="$GAN_AUG"; aug_low spade "$SPADE" "$OUT/synthetic-low" ;;
    gan-aug-oasis-low)
      cfg="$GAN_AUG"; aug_low oasis "$OASIS" "$OUT/synthetic-oasis-low" ;;
    gan-aug-pix2pix-low)
      cfg="$GAN_AUG"
      aug_low pix2pix "$PIX2PIX" "$OUT/synthetic-pix2pix-low" ;;
    gan-aug-pix2pix-r0.1-low)
      cfg="$GAN_AUG"
      aug_low pix2pix "$PIX2PIX" "$OUT/synthetic-pix2pix-low"
      opts+=(train_dataloader.dataset.synthetic_ratio=0.1) ;;
    gan-aug-pix2pix-r0.1-low16)
      cfg="$GAN_AUG" real=low16
      aug_low pix2pix "$PIX2PIX" "$OUT/synthetic-pix2pix-low16"
      opts+=(train_dataloader.dataset.synthetic_ratio=0.1) ;;
    gan-aug-pix2pix-ignore-r0.1-low)
      cfg="$GAN_AUG"
      aug_low pix2pix "$PIX2PIX" "$OUT/synthetic-pix2pix-low"
      opts+=(train_dataloader.dataset.synthetic_ratio=0.1
             "train_dataloader.dataset.synthetic.ignore_classes=[Tree,Car,Pavement]") ;;
    gan-aug-pix2pix-noaug-r0.1-low)
      cfg="$GAN_AUG" label_aug=()
      aug_low pix2pix "$PIX2PIX" "$OUT/synthetic-pix2pix-noaug-low"
      opts+=(train_dataloader.dataset.synthetic_ratio=0.1) ;;
    gan-aug-pix2pix-ms-low)
      cfg="$GAN_AUG"
      aug_low pix2pix-ms "$PIX2PIX_MS" "$OUT/synthetic-pix2pix-ms-low" ;;
    gan-aug-freemask-low)
      ref="$OUT/low_seed0/iter_${ITERS}.pth"  # trained on the split only
      [ -f "$ref" ] || { echo "gan-aug-freemask-low needs $ref (row low)" >&2; exit 2; }
      cfg="$GAN_AUG"
      aug_low spade "$SPADE" "$OUT/synthetic-freemask-low" \
        --filter-config "$CFG" --filter-checkpoint "$ref" ;;
    synthesizers)  # train, score and render the synthesizers; no segmentor
      low="$(split low --stretch)"
      gan_pairs spade "$SPADE" "$low" "$OUT/synthetic-low" > /dev/null
      gan_pairs pix2pix "$PIX2PIX" "$low" "$OUT/synthetic-pix2pix-low" > /dev/null
      gan_pairs pix2pix-ms "$PIX2PIX_MS" "$low" \
        "$OUT/synthetic-pix2pix-ms-low" > /dev/null
      gan_pairs oasis "$OASIS" "$low" "$OUT/synthetic-oasis-low" > /dev/null
      continue ;;
    gan-aug-decay-low)
      cfg="$GAN_AUG_DECAY"; aug_low spade "$SPADE" "$OUT/synthetic-low"
      opts+=(train_dataloader.batch_sampler.end="$ITERS") ;;
    gan-aug-pretrain-low)
      cfg="$GAN_AUG_PRETRAIN"; aug_low spade "$SPADE" "$OUT/synthetic-low"
      opts+=(train_dataloader.batch_sampler.end=$((ITERS / 4))) ;;
    gan-aug-rare-low)
      cfg="$GAN_AUG"
      aug_low spade "$SPADE" "$OUT/synthetic-rare-low" \
        --rare-classes 2 6 7 9 10 --paste-prob 1 --max-instances 6 ;;
    gan-aug-x16-low)
      cfg="$GAN_AUG"
      aug_low spade "$SPADE" "$OUT/synthetic-x16-low" --samples-per-label 16 ;;
    cgan-full) cfg="$CGAN"; opts=() ;;
    cgan-low)
      cfg="$CGAN"
      opts=(train_dataloader.dataset.ann_file="$(split low --stretch)") ;;
    cgan-warmup-low|cgan-warmup-low16|cgan-warmup-full|cgan-sn-warmup-low|\
    cgan-dlr0.1-warmup-low|cgan-dint2-warmup-low|cgan-adaptive-warmup-low|\
    cgan-adaptive-warmup-full|cgan-adaptive-warmup-low16)
      cfg="$CGAN_WARMUP"
      opts=(model.adversarial_head.adv_start_iter=$((ITERS / 4))
            model.adversarial_head.adv_ramp_iters=$((ITERS / 4)))
      case "$row" in
        *-low) opts+=(
          train_dataloader.dataset.ann_file="$(split low --stretch)") ;;
        *-low16) opts+=(train_dataloader.dataset.ann_file="$(
          split low16 --stretch --fraction 0.0625)") ;;
      esac
      case "$row" in
        cgan-sn-*) opts+=(
          model.adversarial_head.discriminator.spectral_norm=True) ;;
        cgan-dlr0.1-*) opts+=(optim_wrapper.discriminator.optimizer.lr=1e-5) ;;
        cgan-dint2-*) opts+=(model.discriminator_interval=2) ;;
        cgan-adaptive-*) opts+=(
          model.adversarial_head.adaptive_grad_ratio="$ADV_RATIO") ;;
      esac ;;
    cgan-lambda0.001-low)
      cfg="$CGAN"
      opts=(train_dataloader.dataset.ann_file="$(split low --stretch)"
            model.adversarial_head.adv_loss_weight=0.001) ;;
    cgan-semi-low|cgan-semi-warmup-low|cgan-semi-balanced-warmup-low|\
    cgan-semi-weight0.1-warmup-low|cgan-s4gan-warmup-low|\
    cgan-s4gan-nodrop-warmup-low|cgan-s4gan-labeledbn-nodrop-warmup-low|\
    cgan-semi-noloss-warmup-low|\
    cgan-semi-noloss-nofake-warmup-low|cgan-semi-nofake-warmup-low|\
    cgan-semi-labeledbn-warmup-low|cgan-semi-labeledbn-balanced-warmup-low|\
    cgan-semi-labeledbn-warmup-low16)
      cfg="$CGAN_SEMI"
      case "$row" in cgan-s4gan*) cfg="$CGAN_S4GAN" ;; esac
      case "$row" in
        *-low16) labeled="$(split low16 --stretch --fraction 0.0625)" ;;
        *) labeled="$(split low --stretch)" ;;
      esac
      opts=(train_dataloader.dataset.labeled_split="$labeled"
            model.semi_cfg.start_iter=$((ITERS / 4)))
      [ "$row" = cgan-semi-low ] || opts+=(
        model.adversarial_head.adv_start_iter=$((ITERS / 4))
        model.adversarial_head.adv_ramp_iters=$((ITERS / 4)))
      case "$row" in cgan-semi*balanced*) opts+=(
        model.semi_cfg.class_balanced=True)
      esac
      [ "$row" != cgan-semi-weight0.1-warmup-low ] ||
        opts+=(model.semi_cfg.semi_loss_weight=0.1)
      case "$row" in cgan-s4gan*nodrop*) opts+=(
        model.adversarial_head.discriminator.dropout=0.0)
      esac
      case "$row" in cgan-semi-noloss*) opts+=(
        model.semi_cfg.semi_loss_weight=0.0 model.semi_cfg.adv_loss_weight=0.0)
      esac
      case "$row" in cgan-semi*nofake*) opts+=(
        model.semi_cfg.unlabeled_as_fake=False)
      esac
      # the rows measured before the config kept the unlabeled passes out
      # of the BatchNorm statistics keep them in, as they were run
      case "$row" in cgan-semi-labeledbn*|cgan-s4gan-labeledbn*) ;;
        *) opts+=(model.semi_cfg.unlabeled_bn_stats=True) ;;
      esac ;;
    *) echo "unknown row '$row' (full, low, scattered, low16," \
         "low-pretrain-control, low-half-control, low16-r0.1-control," \
         "gan-aug-low," \
         "gan-aug-oasis-low, gan-aug-pix2pix-low, gan-aug-pix2pix-r0.1-low," \
         "gan-aug-pix2pix-noaug-r0.1-low, gan-aug-pix2pix-ignore-r0.1-low," \
         "gan-aug-pix2pix-r0.1-low16," \
         "gan-aug-pix2pix-ms-low," \
         "gan-aug-freemask-low, synthesizers," \
         "gan-aug-decay-low, gan-aug-pretrain-low, gan-aug-rare-low," \
         "gan-aug-x16-low, cgan-full, cgan-low, cgan-warmup-low, cgan-warmup-full," \
         "cgan-sn-warmup-low, cgan-dlr0.1-warmup-low, cgan-dint2-warmup-low," \
         "cgan-adaptive-warmup-low," \
         "cgan-adaptive-warmup-full, cgan-adaptive-warmup-low16," \
         "cgan-lambda0.001-low, cgan-semi-low, cgan-semi-warmup-low," \
         "cgan-semi-balanced-warmup-low, cgan-semi-weight0.1-warmup-low," \
         "cgan-s4gan-warmup-low, cgan-s4gan-nodrop-warmup-low," \
         "cgan-s4gan-labeledbn-nodrop-warmup-low, cgan-warmup-low16," \
         "cgan-semi-labeledbn-warmup-low16," \
         "cgan-semi-noloss-warmup-low, cgan-semi-noloss-nofake-warmup-low," \
         "cgan-semi-nofake-warmup-low, cgan-semi-labeledbn-warmup-low," \
         "cgan-semi-labeledbn-balanced-warmup-low)" >&2
       exit 2 ;;
  esac
  for seed in $SEEDS; do
    ITERS="$iters" bench_run "$row" "$cfg" "$seed" "${opts[@]}"
  done
done
"$PYTHON" tools/leaderboard.py "$OUT/*" --per-class --md "$OUT/leaderboard.md" \
  --csv "$OUT/leaderboard.csv" --png "$OUT/leaderboard.png" \
  --title "CamVid val mIoU, protocol UNet, $ITERS iterations x 4"
