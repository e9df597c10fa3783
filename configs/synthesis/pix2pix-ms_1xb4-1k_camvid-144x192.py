# The CamVid pix2pix with the mode-seeking loss (MSGAN, Mao et al. 2019):
# without it the L1 loss teaches the U-Net to ignore its noise vector.
# Weight 0.1, not MSGAN's 1: at 1 the generator buys pixel diversity with a
# grid texture and its seg-score ratio falls from 0.61 to 0.35
# (docs/results/lever_record.md, "Synthesizers").
_base_ = './pix2pix_1xb4-1k_camvid-144x192.py'
model = dict(mode_seeking_weight=0.1)
