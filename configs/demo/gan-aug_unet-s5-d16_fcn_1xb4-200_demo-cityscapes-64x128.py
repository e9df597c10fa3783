# The demo UNet trained on the demo data mixed with pairs synthesized by the
# demo pix2pix (`make demo` writes them to work_dirs/demo/synthetic). One
# sample in ten is synthetic: the least costly share measured on the CamVid
# protocol (docs/results/lever_record.md, "2000 iterations").
_base_ = './unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='GANAugmentedDataset',
        real={{_base_.train_dataloader.dataset}},
        synthetic=dict(
            type='SyntheticSegDataset',
            data_root='work_dirs/demo/synthetic'),
        synthetic_ratio=0.1))
