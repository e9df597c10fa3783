# The DRIVE protocol segmentor (./unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py)
# trained on its real images mixed with GAN-synthesized (fundus, vessel map)
# pairs, half of each batch (the share the CamVid protocol's GAN-aug rows
# compared at). tools/benchmarks/drive_protocol.sh trains the synthesizer
# (configs/synthesis/*_drive-128x128.py) on the labelled split only, renders
# its pairs (whole 576x576 frames, 255 outside the FOV) and points
# `synthetic.data_root` at them; the real set is the split
# (`real.ann_file`). Both go through mmseg's DRIVE training pipeline.
_base_ = './unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset', data_root='data/drive_synthetic'),
        synthetic_ratio=0.5))
