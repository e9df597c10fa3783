# pix2pix on DRIVE at half width: the reference's own width options
# (--ngf 32 --ndf 32 in junyanz/pytorch-CycleGAN-and-pix2pix), everything
# else as ./pix2pix_1xb4-3k_drive-128x128.py. About 4x fewer operations
# per iteration, so that a synthesizer of the DRIVE protocol trains within
# one session of a 2-core machine (docs/results/drive.md).
_base_ = './pix2pix_1xb4-3k_drive-128x128.py'
model = dict(
    generator=dict(base_channels=32), discriminator=dict(base_channels=32))
