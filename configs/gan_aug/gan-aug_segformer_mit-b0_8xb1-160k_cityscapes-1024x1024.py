# mmseg's segformer_mit-b0 on Cityscapes with GAN-synthesized pairs mixed in:
# only the training dataset changes (see configs/gan_aug_unet_cityscapes.py).
_base_ = 'mmseg::segformer/segformer_mit-b0_8xb1-160k_cityscapes-1024x1024.py'
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
