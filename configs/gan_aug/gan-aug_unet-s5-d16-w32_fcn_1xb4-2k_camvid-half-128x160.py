# The protocol segmentor (docs/results/lever_record.md, "CamVid protocol")
# trained on
# its real images mixed with GAN-synthesized pairs, one sample in ten: the
# least costly setting measured (pix2pix pairs at ratio 0.1, row
# gan-aug-pix2pix-r0.1-low; pix2pix had the best seg-score of SPADE, OASIS
# and pix2pix at the same budget). No GAN-aug setting beat the real-only
# baseline on CamVid at the CPU budget ("Issue #10, item by item").
# tools/benchmarks/camvid_protocol.sh trains the synthesizer on the
# low-label split only, renders its pairs and points `synthetic.data_root`
# at them; the real set is the split (`real.ann_file`). Its rows set their
# own ratio (0.5 unless named otherwise).
_base_ = '../baseline/unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset', data_root='data/camvid_synthetic'),
        synthetic_ratio=0.1))
