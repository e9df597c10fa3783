# mmseg's deeplabv3plus_r50-d8 on ADE20K with pairs rendered by
# configs/synthesis/spade_1xb4-20k_ade20k-256x256.py (tools/synthesize.py
# writes class indices after reduce_zero_label, as the segmentor trains on;
# GANAugmentedDataset loads them without the real pipeline's reduction, so
# SyntheticSegDataset takes no reduce_zero_label).
_base_ = 'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb4-80k_ade20k-512x512.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset', data_root='data/ade20k_synthetic'),
        synthetic_ratio=0.1))
