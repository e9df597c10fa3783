# s4GAN (Mittal et al. 2019) under the CamVid protocol: the semi-supervised
# cGAN with an image-level discriminator of (image, class map) pairs
# (Dropout2d 0.5), the segmentor trained on the unlabeled images by feature
# matching (weight 0.1; none on the labelled ones) instead of the GAN term,
# and whole unlabeled images self-trained (weight 1.0) when the
# discriminator rates their prediction real above 0.6 (s4GAN's threshold
# for PASCAL VOC; 0.7 for Cityscapes), the loss averaged over the selected
# images' pixels. As in s4GAN, the discriminator's fakes are the unlabeled
# predictions only and its real maps are plain one-hot (no real_smoothing).
# `unlabeled.confident` in the log is the share of unlabeled images
# selected.
_base_ = './cgan-semi_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
model = dict(
    adversarial_head=dict(
        discriminator=dict(
            _delete_=True, type='ImageLabelDiscriminator', base_channels=32,
            dropout=0.5, feature_matching=True),
        adv_loss_weight=0.0,
        real_smoothing=0.0),
    semi_cfg=dict(confident_share=None, confidence_threshold=0.6,
                  semi_loss_weight=1.0, adv_loss_weight=0.1,
                  labeled_as_fake=False))
