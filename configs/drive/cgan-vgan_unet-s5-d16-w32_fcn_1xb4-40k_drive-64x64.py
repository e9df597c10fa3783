# V-GAN-style adversarial vessel segmentation (Son et al. 2017,
# jaeminSon/V-GAN): an image-level discriminator judges (fundus, vessel
# map) pairs, and the segmentor's loss is L_seg + 0.1 * L_adv (V-GAN's
# alpha_recip = 1 / 10). The discriminator is ImageLabelDiscriminator
# (strided convolutions, LeakyReLU, global average pooling, a linear
# score); V-GAN's own is a U-Net encoder (BN + ReLU, max pooling) with the
# same pooling and score, on 1-channel sigmoid maps where this sees the
# 2-channel softmax. Adam 2e-4 (0.5, 0.999) as V-GAN's.
_base_ = './cgan_unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
model = dict(
    adversarial_head=dict(
        discriminator=dict(
            _delete_=True, type='ImageLabelDiscriminator', base_channels=32),
        adv_loss_weight=0.1))
optim_wrapper = dict(
    discriminator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))))
