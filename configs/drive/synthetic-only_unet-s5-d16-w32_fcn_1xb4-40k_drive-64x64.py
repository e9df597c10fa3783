# Train-on-synthetic (Guibas et al. 2017): the DRIVE protocol segmentor
# (./unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py) trained on GAN-rendered
# (fundus, vessel map) pairs only and scored on the real test set; its
# Dice as a share of the same training on the real images the synthesizer
# learnt from is the synthesizer's quality. tools/benchmarks/drive_protocol.sh
# points `data_root` at the pairs.
_base_ = './unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='SyntheticSegDataset',
        data_root='data/drive_synthetic',
        pipeline={{_base_.train_pipeline}}))
