# mmseg's deeplabv3plus_r50-d8 on Cityscapes with GAN-synthesized pairs mixed in:
# only the training dataset changes (see configs/gan_aug_unet_cityscapes.py).
_base_ = 'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset',
            data_root='data/cityscapes_synthetic'),
        synthetic_ratio=0.1))
