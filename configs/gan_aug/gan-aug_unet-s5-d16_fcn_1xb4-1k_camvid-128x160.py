# The CamVid UNet trained on CamVid train mixed with SPADE-synthesized pairs
# (half of the samples), made by:
#   tools/synthesize.py configs/synthesis/spade_1xb4-1k_camvid-144x192.py \
#     CKPT --out data/camvid_synthetic --label-augment
_base_ = '../baseline/unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset', data_root='data/camvid_synthetic'),
        synthetic_ratio=0.5))
