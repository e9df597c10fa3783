# The protocol segmentor (docs/benchmarks.md, "CamVid protocol") trained on
# its real images mixed with GAN-synthesized pairs (half of the samples).
# tools/benchmarks/camvid_protocol.sh gan-aug-low makes the pairs from a SPADE
# trained on the low-label split only and points `synthetic.data_root` at
# them; the real set is the split (`real.ann_file`).
_base_ = '../baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset', data_root='data/camvid_synthetic'),
        synthetic_ratio=0.5))
