# The headline config: mmseg's UNet-S5-D16 FCN on Cityscapes, trained on real
# images mixed with GAN-synthesized pairs (one sample in ten: the least
# costly share measured; pix2pix, the best of SPADE, OASIS and pix2pix at
# the budget measured, docs/results/lever_record.md, "Issue #10, item by
# item").
# 1. python tools/train.py configs/synthesis/pix2pix_1xb4-20k_cityscapes-256x512.py
# 2. python tools/synthesize.py configs/synthesis/pix2pix_1xb4-20k_cityscapes-256x512.py \
#        work_dirs/pix2pix_1xb4-20k_cityscapes-256x512/iter_20000.pth \
#        --out data/cityscapes_synthetic --samples-per-label 2 --label-augment
# 3. python tools/train.py configs/gan_aug_unet_cityscapes.py
_base_ = 'mmseg::unet/unet-s5-d16_fcn_4xb4-160k_cityscapes-512x1024.py'
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
