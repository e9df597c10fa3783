# Semi-supervised cGAN UNet on CamVid (Hung et al.): 46 of the 367 train
# images (1/8, seeded draw) keep their labels, the other 321 are used without
# labels. Self-training starts at a quarter of the schedule (Hung: 5000 of
# 20000 iterations). The labelled-only baseline trains on the same 46 images:
#   tools/dataset_converters/make_labeled_split.py CONFIG --fraction 0.125 \
#     --seed 0 --out SPLIT  ->  train_dataloader.dataset.ann_file=SPLIT
_base_ = './cgan_unet-s5-d16_fcn_1xb4-1k_camvid-128x160.py'
model = dict(semi_cfg=dict(start_iter=250))
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedSegDataset',
        labeled={{_base_.train_dataloader.dataset}},
        labeled_fraction=0.125,
        seed=0))
