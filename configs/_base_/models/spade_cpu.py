# SPADE (./spade.py) sized for a 2-core CPU, as the CamVid and DRIVE
# synthesis configs train it: width 32 (SPADE: 64), 4 SPADE blocks with an
# upsampling after each but the last (3 upsamplings; the last block at the
# image resolution), 32 hidden channels in the SPADE layers (SPADE: 128), the
# discriminator at width 32, no VGG loss (no VGG19 weights on these
# machines). Leaf configs set num_classes and SPADE's Adam betas (0, 0.9).
_base_ = './spade.py'
model = dict(
    generator=dict(
        base_channels=32,
        channel_multipliers=(8, 8, 4, 2, 1),
        upsample_after=None,
        hidden_channels=32),
    discriminator=dict(base_channels=32),
    perceptual_loss=None)
