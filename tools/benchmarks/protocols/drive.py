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
CFG = 'configs/drive/unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
SPLITS = 'configs/drive/splits'

# the labelled images: mmseg's DRIVE training set sits in a RepeatDataset
ANN = 'train_dataloader.dataset.dataset.ann_file={split_file}'

base_config = CFG
params = dict(iters=4000, seeds='0 1 2', out='work_dirs/drive_protocol',
              gan_iters=3000)
split_options = ''
splits = dict()
split_files = {f'{n}of20': f'{SPLITS}/train_{n}of20.txt' for n in (2, 5, 10)}
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
      for n in (10, 5, 2)),
]
