# The CamVid pix2pix with the mode-seeking loss (MSGAN, Mao et al. 2019):
# without it the L1 loss teaches the U-Net to ignore its noise vector.
_base_ = './pix2pix_1xb4-1k_camvid-144x192.py'
model = dict(mode_seeking_weight=1.0)
