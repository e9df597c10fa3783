"""The DRIVE protocol (docs/results/drive.md, issue #38).

    ITERS=4000 SEEDS="0 1 2" bash tools/benchmarks/drive_protocol.sh [ROW ...]
    python tools/benchmarks/protocol.py drive [ROW ...] --list

Every row is trained once per seed with the protocol segmentor
(``configs/drive/unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py``: mmseg's
DRIVE UNet at half width, SGD 0.01 poly over the row's iterations, 64x64
crops, batch 4, slide inference 64/42) or a config built on it, into
``OUT/ROW_seedSEED``, and scored on DRIVE's 20 test images (mDice, vessel
Dice over the frame and inside the FOV, AUC-ROC, AUC-PR). The labelled
splits are committed lists (``configs/drive/splits/train_{2,5,10}of20.txt``,
nested). Run by ``tools/benchmarks/protocol.py``; a row is one declaration
below.
"""
UNET = 'unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
CFG = f'configs/drive/{UNET}'
GAN_AUG = f'configs/drive/gan-aug_{UNET}'
SYNTHETIC_ONLY = f'configs/drive/synthetic-only_{UNET}'
CGAN = f'configs/drive/cgan_{UNET}'
CGAN_VGAN = f'configs/drive/cgan-vgan_{UNET}'
CGAN_SEMI = f'configs/drive/cgan-semi_{UNET}'
E2E = ('configs/drive/gan-aug-e2e_pix2pix_unet-s5-d16-w32_fcn_1xb4-40k_'
       'drive-5of20-64x64.py')
SPLITS = 'configs/drive/splits'
LABELS = (10, 5, 2)  # the low-label splits, nested

# the labelled images: mmseg's DRIVE training set sits in a RepeatDataset
ANN = 'train_dataloader.dataset.dataset.ann_file={split_file}'
# semi-supervised: the split keeps its labels, the other images do not
SEMI = ('train_dataloader.dataset.labeled_split={split_file}',
        'model.semi_cfg.start_iter={iters // 4}')
# end-to-end GAN-aug: its train / held-out lists (nested; splits/e2e_*),
# the task term from a quarter of the run
def _e2e(n: int) -> tuple:
    lists = '{repo}/' + f'{SPLITS}/e2e_{n}of20_'
    return (f'train_dataloader.dataset.train.ann_file={lists}train.txt',
            f'train_dataloader.dataset.held_out.ann_file={lists}heldout.txt',
            'model.task_start_iter={iters // 4}')


# GAN-aug: the split as the real set, the row's synthesizer's pairs
AUG = ('train_dataloader.dataset.real.ann_file={split_file}',
       'train_dataloader.dataset.synthetic.data_root={synthetic}')
# tools/synthesize.py: 10 pairs per labelled map, new vessel layouts from
# flips (both axes), any rotation, zoom and a mild elastic deformation (6
# px over 32 px); no pasted instances (a vessel tree is one class)
RENDER = ('--samples-per-label 10 --label-augment --paste-prob 0 '
          '--label-vflip 0.5 --label-rotate 180 --label-elastic 6 32 '
          '--seed 0')
# pix2pix-w32: the reference's --ngf/--ndf 32, the one synthesizer that
# trains within a session here (docs/results/drive.md, row costs)
GANS = {
    'pix2pix-w32': 'configs/synthesis/pix2pix-w32_1xb4-3k_drive-128x128.py',
    'pix2pix': 'configs/synthesis/pix2pix_1xb4-3k_drive-128x128.py',
    'spade': 'configs/synthesis/spade_1xb4-3k_drive-128x128.py',
    'oasis': 'configs/synthesis/oasis_1xb4-3k_drive-128x128.py'
}


def _synthesizer(name: str, split: str) -> dict:
    """The GAN ``name`` trained on ``split``, and the folder of its pairs."""
    return dict(name=name, config=GANS[name], out=f'synthetic-{name}-{split}',
                options=RENDER)


base_config = CFG
params = dict(iters=4000, seeds='0 1 2', out='work_dirs/drive_protocol',
              gan_iters=3000)
split_options = ''
splits = dict()
split_files = {f'{n}of20': f'{SPLITS}/train_{n}of20.txt'
               for n in (20, *LABELS)}
default_rows = ('full', '10of20', '5of20', '2of20')
synth_iters = '{gan_iters}'
title = 'DRIVE test vessel Dice, protocol UNet (w32), {iters} iterations x 4'
segscore_checkpoint = '{out}/full_seed0/iter_{iters}.pth'
metric = 'vessel/Dice'  # the zoo's Dice; the leaderboard shows the others

rows = [
    dict(name='full', config=CFG,
         description='all 20 labelled training images'),
    *(dict(name=f'{n}of20', config=CFG, split=f'{n}of20', options=(ANN, ),
           description=f'{n} of the 20 labelled images ({SPLITS}/'
           f'train_{n}of20.txt; the splits are nested)')
      for n in LABELS),
    *(dict(name=f'synthesizers-{n}of20', split=f'{n}of20',
           synthesizers=tuple(_synthesizer(g, f'{n}of20') for g in GANS),
           description=f'only train pix2pix (width 32 and 64), SPADE and '
           f'OASIS on the {n} '
           'labelled images (GAN_ITERS iterations, seed 0), score them '
           '(seg-score with full_seed0 as the reference) and render 10 '
           'pairs per labelled map')
      for n in (20, *LABELS)),
    *(dict(name=f'gan-aug-{g}-{n}of20', config=GAN_AUG, split=f'{n}of20',
           options=AUG, synthesizers=(_synthesizer(g, f'{n}of20'), ),
           description=f'{n}of20 + the pairs of {g} trained on those {n} '
           'images, half of each batch')
      for n in LABELS for g in GANS),
    *(dict(name=f'synthetic-only-{g}-{n}of20', config=SYNTHETIC_ONLY,
           split=f'{n}of20', synthesizers=(_synthesizer(g, f'{n}of20'), ),
           options=('train_dataloader.dataset.data_root={synthetic}', ),
           description=f'train-on-synthetic: only the pairs of {g} trained '
           f'on {n} images (compare with the row {n}of20'
           f"{'' if n < 20 else ', i.e. full'})")
      for n in (20, 5) for g in GANS),
    dict(name='cgan-full', config=CGAN,
         description="Hung et al.'s adversarial segmentor (pixel "
         'discriminator, λ_adv 0.01) on all labels'),
    dict(name='cgan-vgan-full', config=CGAN_VGAN,
         description='V-GAN-style: an image-level discriminator of (fundus, '
         'vessel map) pairs, L_seg + 0.1 L_adv, on all labels'),
    *(dict(name=f'{c}-{n}of20', config=cfg, split=f'{n}of20',
           options=(ANN, ), description=f'{c}-full on {n} labelled images')
      for n in LABELS for c, cfg in (('cgan', CGAN), ('cgan-vgan', CGAN_VGAN))
      ),
    *(dict(name=f'gan-aug-e2e-{n}of20', config=E2E, options=_e2e(n),
           description=f'end-to-end GAN-aug (EndToEndGANAug, pix2pix): the '
           f'{n} labelled images as {n - 1 - n // 10} to train on and '
           f"{1 + n // 10} held out for the generator's task term "
           f'({SPLITS}/e2e_{n}of20_*.txt); compare with {n}of20 and '
           f'gan-aug-pix2pix-{n}of20')
      for n in LABELS),
    *(dict(name=f'cgan-semi-{n}of20', config=CGAN_SEMI, split=f'{n}of20',
           options=SEMI, description=f'Hung\'s semi-supervised cGAN: {n} '
           f'labelled images, the other {20 - n} training images unlabeled')
      for n in LABELS),
]
