# OASIS-style discriminator on CamVid; the rest as the CamVid SPADE config.
# Four downsamplings: 144x192 divides by 16, not by 32.
_base_ = './spade_1xb4-1k_camvid-144x192.py'
model = dict(
    discriminator=dict(
        _delete_=True,
        type='OASISDiscriminator',
        num_classes=11,
        base_channels=32,
        channel_multipliers=(1, 2, 4, 8),
        labelmix_weight=10.0))
