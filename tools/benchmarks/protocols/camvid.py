"""The data-limited CamVid protocol (docs/results/lever_record.md).

    ITERS=1000 SEEDS="0 1 2" bash tools/benchmarks/camvid_protocol.sh [ROW ...]
    python tools/benchmarks/protocol.py camvid [ROW ...] --list

Every row is trained once per seed with the protocol segmentor
(``configs/baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py``:
half-width UNet, CamVid at 240x180, 128x160 crops, batch 4, AdamW) or a
config built on it, into ``OUT/ROW_seedSEED``. The synthesizers (seed 0,
``gan_iters`` iterations) are trained on the row's split only into
``OUT/NAME-SPLIT``, scored with seg-score against ``full_seed0`` and render
4 pairs per labelled map with label augmentation unless a row says
otherwise. Run by ``tools/benchmarks/protocol.py``; a row is one
declaration below.
"""
CFG = 'configs/baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
UNET_HALF = 'unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
GAN_AUG = f'configs/gan_aug/gan-aug_{UNET_HALF}'
GAN_AUG_DECAY = f'configs/gan_aug/gan-aug-decay_{UNET_HALF}'
GAN_AUG_PRETRAIN = f'configs/gan_aug/gan-aug-pretrain_{UNET_HALF}'
CGAN = f'configs/cgan/cgan_{UNET_HALF}'
CGAN_WARMUP = f'configs/cgan/cgan-warmup_{UNET_HALF}'
CGAN_SEMI = f'configs/cgan/cgan-semi_{UNET_HALF}'
CGAN_S4GAN = f'configs/cgan/cgan-s4gan_{UNET_HALF}'
SPADE = 'configs/synthesis/spade_1xb4-1k_camvid-144x192.py'
OASIS = 'configs/synthesis/oasis_1xb4-1k_camvid-144x192.py'
PIX2PIX = 'configs/synthesis/pix2pix_1xb4-1k_camvid-144x192.py'
PIX2PIX_MS = 'configs/synthesis/pix2pix-ms_1xb4-1k_camvid-144x192.py'

# cfg-options shared by rows (templates: see tools/benchmarks/protocol.py)
ANN = 'train_dataloader.dataset.ann_file={split_file}'
# GAN-aug: the split as the real set, the pairs of the row's synthesizer
# at ratio 0.5 unless the row sets another (the config's default is 0.1)
AUG = ('train_dataloader.dataset.real.ann_file={split_file}',
       'train_dataloader.dataset.synthetic_ratio=0.5',
       'train_dataloader.dataset.synthetic.data_root={synthetic}')
R01 = 'train_dataloader.dataset.synthetic_ratio=0.1'
WARMUP = ('model.adversarial_head.adv_start_iter={iters // 4}',
          'model.adversarial_head.adv_ramp_iters={iters // 4}')
ADAPTIVE = 'model.adversarial_head.adaptive_grad_ratio={adv_ratio}'
SEMI = ('train_dataloader.dataset.labeled_split={split_file}',
        'model.semi_cfg.start_iter={iters // 4}')
BALANCED = 'model.semi_cfg.class_balanced=True'
NODROP = 'model.adversarial_head.discriminator.dropout=0.0'
NOLOSS = ('model.semi_cfg.semi_loss_weight=0.0',
          'model.semi_cfg.adv_loss_weight=0.0')
NOFAKE = 'model.semi_cfg.unlabeled_as_fake=False'
# the rows measured before the semi config kept the unlabeled passes out
# of the BatchNorm statistics keep them in, as they were run
BN_IN = 'model.semi_cfg.unlabeled_bn_stats=True'

# tools/synthesize.py options: 4 pairs per map, label augmentation
RENDER = '--samples-per-label 4 --label-augment --seed 0'
FREEMASK_REF = '{out}/low_seed0/iter_{iters}.pth'  # trained on the split
SPADE_LOW = dict(name='spade', config=SPADE, out='synthetic-low',
                 options=RENDER)
OASIS_LOW = dict(name='oasis', config=OASIS, out='synthetic-oasis-low',
                 options=RENDER)
PIX2PIX_LOW = dict(name='pix2pix', config=PIX2PIX,
                   out='synthetic-pix2pix-low', options=RENDER)
PIX2PIX_MS_LOW = dict(name='pix2pix-ms', config=PIX2PIX_MS,
                      out='synthetic-pix2pix-ms-low', options=RENDER)

base_config = CFG
params = dict(
    iters=2000, seeds='0 1 2', out='work_dirs/camvid_protocol',
    gan_iters=1000,
    # the adaptive λ_adv's gradient share: what λ_adv 0.01 gives on the
    # classifier in the 70 iterations after the warm-up's start (0.18-0.44,
    # mean 0.26; docs/results/lever_record.md, "Eighteenth lever")
    adv_ratio='0.25')
split_options = '--fraction 0.125 --seed 0'
splits = dict(low='--stretch', scattered='',
              low16='--stretch --fraction 0.0625')
default_rows = ('full', 'low')
synth_iters = '{gan_iters}'
segscore_checkpoint = '{out}/full_seed0/iter_{iters}.pth'
title = 'CamVid val mIoU, protocol UNet, {iters} iterations x 4'

rows = [
    dict(name='full', config=CFG,
         description='all 367 labelled training images'),
    dict(name='low', config=CFG, split='low', options=(ANN, ),
         description="the protocol's low-label split: 1/8 of every video "
         'sequence as one contiguous stretch (47 images, seed 0 of '
         'make_labeled_split.py --stretch), OUT/splits/low.txt'),
    dict(name='scattered', config=CFG, split='scattered', options=(ANN, ),
         description='1/8 as scattered frames (46 images, the draw the '
         'earlier CamVid rows used): shows why the protocol uses stretches'),
    dict(name='low16', config=CFG, split='low16', options=(ANN, ),
         description='1/16 of every video sequence as one stretch (23 '
         'images): whether halving the labels again widens the gap to full'),
    dict(name='low-pretrain-control', config=CFG, split='low',
         options=(ANN, ), iters='{iters * 3 // 4}',
         description='the low split for 3/4 of ITERS (poly LR over them): '
         'only the real iterations of gan-aug-pretrain-low'),
    dict(name='low-half-control', config=CFG, split='low', options=(ANN, ),
         iters='{iters // 2}',
         description='the low split for ITERS/2: as many real samples as '
         'the ratio-0.5 GAN-aug rows see'),
    dict(name='low16-r0.1-control', config=CFG, split='low16',
         options=(ANN, ), iters='{iters * 9 // 10}',
         description='the low16 split for 9/10 of ITERS: as many real '
         'samples as gan-aug-pix2pix-r0.1-low16 sees'),
    dict(name='gan-aug-low', config=GAN_AUG, split='low', options=AUG,
         synthesizers=(SPADE_LOW, ),
         description='the low split + SPADE pairs at ratio 0.5; the SPADE '
         '(configs/synthesis/spade_1xb4-1k_camvid-144x192.py, seed 0, '
         'GAN_ITERS iterations) is trained on the low split only and '
         'renders 4 pairs per labelled map with label augmentation'),
    dict(name='gan-aug-oasis-low', config=GAN_AUG, split='low', options=AUG,
         synthesizers=(OASIS_LOW, ),
         description='the same with OASIS pairs '
         '(configs/synthesis/oasis_1xb4-1k_camvid-144x192.py, same budget '
         'and split)'),
    dict(name='gan-aug-pix2pix-low', config=GAN_AUG, split='low',
         options=AUG, synthesizers=(PIX2PIX_LOW, ),
         description='the same with pix2pix pairs '
         '(configs/synthesis/pix2pix_1xb4-1k_camvid-144x192.py)'),
    dict(name='gan-aug-pix2pix-r0.1-low', config=GAN_AUG, split='low',
         options=(*AUG, R01), synthesizers=(PIX2PIX_LOW, ),
         description='the pix2pix pairs at synthetic ratio 0.1: nine real '
         'samples in ten kept, so that a longer run is charged little for '
         'the real samples it gives up'),
    dict(name='gan-aug-pix2pix-noaug-r0.1-low', config=GAN_AUG, split='low',
         options=(*AUG, R01), synthesizers=(dict(
             name='pix2pix', config=PIX2PIX,
             out='synthetic-pix2pix-noaug-low',
             options='--samples-per-label 4 --seed 0'), ),
         description='gan-aug-pix2pix-r0.1-low with pairs rendered from the '
         '47 split maps as they are (no label augmentation: no flips, zooms '
         'or pasted instances), so the synthetic labels are the real ones '
         'and only the images differ'),
    dict(name='gan-aug-pix2pix-ignore-r0.1-low', config=GAN_AUG, split='low',
         options=(*AUG, R01, 'train_dataloader.dataset.synthetic.'
                  'ignore_classes=[Tree,Car,Pavement]'),
         synthesizers=(PIX2PIX_LOW, ),
         description='gan-aug-pix2pix-r0.1-low with the classes pix2pix '
         "renders worst (class_texture.py: Tree's detail, Car's colour, "
         "Pavement's texture) loaded as ignored in the synthetic labels "
         '(SyntheticSegDataset ignore_classes)'),
    dict(name='gan-aug-pix2pix-r0.1-low16', config=GAN_AUG, split='low16',
         options=(*AUG, R01), synthesizers=(dict(
             PIX2PIX_LOW, out='synthetic-pix2pix-low16'), ),
         description='gan-aug-pix2pix-r0.1-low on the low16 split: pix2pix '
         'trained on its 23 images (OUT/pix2pix-low16) renders their maps, '
         'mixed in at ratio 0.1'),
    dict(name='gan-aug-pix2pix-ms-low', config=GAN_AUG, split='low',
         options=AUG, synthesizers=(PIX2PIX_MS_LOW, ),
         description='the same with the pairs of pix2pix trained with the '
         'mode-seeking loss '
         '(configs/synthesis/pix2pix-ms_1xb4-1k_camvid-144x192.py)'),
    dict(name='gan-aug-freemask-low', config=GAN_AUG, split='low',
         options=AUG, requires=(FREEMASK_REF, ), synthesizers=(dict(
             SPADE_LOW, out='synthetic-freemask-low',
             options=f'{RENDER} --filter-config {CFG} '
             f'--filter-checkpoint {FREEMASK_REF}'), ),
         description='the SPADE pairs with FreeMask-style filtering: pixels '
         "the low split's own segmentor (low_seed0, so row low first) finds "
         'unreliable become 255 (tools/synthesize.py --filter-config)'),
    dict(name='synthesizers', split='low',
         synthesizers=(SPADE_LOW, PIX2PIX_LOW, OASIS_LOW, PIX2PIX_MS_LOW),
         description='only train the synthesizers, score them (seg-score '
         'with full_seed0 as the reference: OUT/NAME-low/segscore.log) and '
         'render their pairs (sample diversity in OUT/synthetic*.log)'),
    dict(name='gan-aug-decay-low', config=GAN_AUG_DECAY, split='low',
         options=(*AUG, 'train_dataloader.batch_sampler.end={iters}'),
         synthesizers=(SPADE_LOW, ),
         description='the same pairs, synthetic share decaying 0.5 -> 0 over '
         'the run (SyntheticRatioBatchSampler)'),
    dict(name='gan-aug-pretrain-low', config=GAN_AUG_PRETRAIN, split='low',
         options=(*AUG, 'train_dataloader.batch_sampler.end={iters // 4}'),
         synthesizers=(SPADE_LOW, ),
         description='the same pairs as pre-training: synthetic only for '
         'the first ITERS/4 iterations, then real only'),
    dict(name='gan-aug-rare-low', config=GAN_AUG, split='low', options=AUG,
         synthesizers=(dict(
             SPADE_LOW, out='synthetic-rare-low', options=f'{RENDER} '
             '--rare-classes 2 6 7 9 10 --paste-prob 1 --max-instances 6'), ),
         description='SPADE pairs whose layouts always get up to 6 pasted '
         'instances of the five classes at 0 IoU (Pole, SignSymbol, Fence, '
         'Pedestrian, Bicyclist)'),
    dict(name='gan-aug-x16-low', config=GAN_AUG, split='low', options=AUG,
         synthesizers=(dict(SPADE_LOW, out='synthetic-x16-low',
                            options=f'{RENDER} --samples-per-label 16'), ),
         description='16 SPADE pairs per labelled map instead of 4'),
    dict(name='cgan-full', config=CGAN,
         description='the adversarial segmentor (Hung et al., '
         'real_smoothing 0.3) on all labels'),
    dict(name='cgan-low', config=CGAN, split='low', options=(ANN, ),
         description='the same on the low split only (the supervised part '
         'of cgan-semi-low)'),
    dict(name='cgan-warmup-low', config=CGAN_WARMUP, split='low',
         options=(*WARMUP, ANN),
         description='cgan-low with the adversarial term off for the first '
         'ITERS/4 iterations, then ramped up over the next ITERS/4'),
    dict(name='cgan-warmup-full', config=CGAN_WARMUP, options=WARMUP,
         description='the warmed-up cGAN on all labels'),
    dict(name='cgan-sn-warmup-low', config=CGAN_WARMUP, split='low',
         options=(*WARMUP, ANN,
                  'model.adversarial_head.discriminator.spectral_norm=True'),
         description='cgan-warmup-low with spectral norm on every '
         'discriminator conv'),
    dict(name='cgan-dlr0.1-warmup-low', config=CGAN_WARMUP, split='low',
         options=(*WARMUP, ANN,
                  'optim_wrapper.discriminator.optimizer.lr=1e-5'),
         description="cgan-warmup-low with the discriminator's learning "
         "rate at a tenth of Hung's (1e-5)"),
    dict(name='cgan-dint2-warmup-low', config=CGAN_WARMUP, split='low',
         options=(*WARMUP, ANN, 'model.discriminator_interval=2'),
         description='cgan-warmup-low with half the discriminator updates '
         '(model.discriminator_interval=2: it steps every second iteration)'),
    dict(name='cgan-adaptive-warmup-low', config=CGAN_WARMUP, split='low',
         options=(*WARMUP, ANN, ADAPTIVE),
         description='cgan-warmup-low with the adaptive λ_adv '
         '(adversarial_head.adaptive_grad_ratio=ADV_RATIO): the adversarial '
         'gradient on the classifier held at that share of the supervised '
         'one'),
    dict(name='cgan-adaptive-warmup-full', config=CGAN_WARMUP,
         options=(*WARMUP, ADAPTIVE),
         description='cgan-adaptive-warmup-low on all labels'),
    dict(name='cgan-adaptive-warmup-low16', config=CGAN_WARMUP,
         split='low16', options=(*WARMUP, ANN, ADAPTIVE),
         description='cgan-adaptive-warmup-low on the low16 split'),
    dict(name='cgan-lambda0.001-low', config=CGAN, split='low',
         options=(ANN, 'model.adversarial_head.adv_loss_weight=0.001'),
         description='cgan-low at a tenth of its λ_adv (0.001)'),
    dict(name='cgan-semi-low', config=CGAN_SEMI, split='low',
         options=(*SEMI, BN_IN),
         description='the semi-supervised adversarial segmentor: the low '
         'split labelled, the other CamVid train images unlabeled, '
         'self-training from ITERS/4'),
    dict(name='cgan-semi-warmup-low', config=CGAN_SEMI, split='low',
         options=(*SEMI, *WARMUP, BN_IN),
         description="cgan-semi-low with cgan-warmup-low's warm-up of both "
         'adversarial terms'),
    dict(name='cgan-semi-balanced-warmup-low', config=CGAN_SEMI, split='low',
         options=(*SEMI, *WARMUP, BALANCED, BN_IN),
         description='cgan-semi-warmup-low with the 30 % of self-trained '
         'pixels taken within each predicted class (semi_cfg.class_balanced)'),
    dict(name='cgan-semi-weight0.1-warmup-low', config=CGAN_SEMI,
         split='low', options=(*SEMI, *WARMUP,
                               'model.semi_cfg.semi_loss_weight=0.1', BN_IN),
         description="cgan-semi-warmup-low with the self-training loss at "
         "Hung's weight, 0.1 of the supervised loss "
         "(semi_cfg.semi_loss_weight; the config's 1.0 otherwise)"),
    dict(name='cgan-s4gan-warmup-low', config=CGAN_S4GAN, split='low',
         options=(*SEMI, *WARMUP, BN_IN),
         description='s4GAN on the same split and unlabeled images '
         '(configs/cgan/cgan-s4gan_...py: image-level discriminator, '
         'feature matching, whole images self-trained above 0.6), with the '
         'warm-up of cgan-semi-warmup-low'),
    dict(name='cgan-s4gan-nodrop-warmup-low', config=CGAN_S4GAN, split='low',
         options=(*SEMI, *WARMUP, NODROP, BN_IN),
         description="the same without the discriminator's dropout (so that "
         'it can learn in a short run)'),
    dict(name='cgan-s4gan-labeledbn-nodrop-warmup-low', config=CGAN_S4GAN,
         split='low', options=(*SEMI, *WARMUP, NODROP),
         description='cgan-s4gan-nodrop-warmup-low with the unlabeled passes '
         'kept out of the BatchNorm statistics, as the s4GAN config now '
         'inherits'),
    dict(name='cgan-semi-noloss-warmup-low', config=CGAN_SEMI, split='low',
         options=(*SEMI, *WARMUP, *NOLOSS, BN_IN),
         description='cgan-semi-warmup-low with no loss on the unlabeled '
         'images (semi_loss_weight and semi adv_loss_weight 0): they are '
         'still forwarded and seen as fake by the discriminator'),
    dict(name='cgan-semi-noloss-nofake-warmup-low', config=CGAN_SEMI,
         split='low', options=(*SEMI, *WARMUP, *NOLOSS, NOFAKE, BN_IN),
         description='the same, and the discriminator does not see them '
         '(semi_cfg.unlabeled_as_fake=False): only their forward passes are '
         'left'),
    dict(name='cgan-semi-nofake-warmup-low', config=CGAN_SEMI, split='low',
         options=(*SEMI, *WARMUP, NOFAKE, BN_IN),
         description='cgan-semi-warmup-low (self-training and the '
         'adversarial term on the unlabeled images kept) with the '
         'discriminator not seeing them (semi_cfg.unlabeled_as_fake=False)'),
    dict(name='cgan-semi-labeledbn-warmup-low', config=CGAN_SEMI,
         split='low', options=(*SEMI, *WARMUP),
         description='cgan-semi-warmup-low with the unlabeled forward passes '
         'kept out of the BatchNorm running statistics '
         "(semi_cfg.unlabeled_bn_stats=False, the semi config's setting; "
         'every other semi row runs with True, as measured)'),
    dict(name='cgan-semi-labeledbn-balanced-warmup-low', config=CGAN_SEMI,
         split='low', options=(*SEMI, *WARMUP, BALANCED),
         description="cgan-semi-labeledbn-warmup-low with "
         "cgan-semi-balanced-warmup-low's class-balanced share"),
    dict(name='cgan-warmup-low16', config=CGAN_WARMUP, split='low16',
         options=(*WARMUP, ANN),
         description='cgan-warmup-low on the low16 split (23 labelled '
         'images)'),
    dict(name='cgan-semi-labeledbn-warmup-low16', config=CGAN_SEMI,
         split='low16', options=(*SEMI, *WARMUP),
         description='cgan-semi-labeledbn-warmup-low on the low16 split (23 '
         'labelled images, the other 344 unlabeled)'),
]
