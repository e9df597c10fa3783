# The demo cGAN UNet, semi-supervised (Hung et al.): 1/4 of the demo train
# images keep their labels, the rest are unlabeled; self-training starts at
# iteration 100 (Hung: 5000) of this short schedule.
_base_ = './cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py'
model = dict(semi_cfg=dict(start_iter=100))
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedSegDataset',
        labeled={{_base_.train_dataloader.dataset}},
        labeled_fraction=0.25,
        seed=0))
