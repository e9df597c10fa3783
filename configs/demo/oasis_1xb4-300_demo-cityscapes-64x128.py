# OASIS-style discriminator on the embedded demo data; the rest as SPADE's.
_base_ = './spade_1xb4-300_demo-cityscapes-64x128.py'
model = dict(
    discriminator=dict(
        _delete_=True,
        type='OASISDiscriminator',
        num_classes=19,
        base_channels=16,
        channel_multipliers=(1, 2, 4, 4),
        labelmix_weight=10.0))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.999))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.999))))
