# Semi-supervised cGAN (Hung et al.) on DRIVE: the images of
# `labeled_split` keep their labels, the other DRIVE training images are
# used without labels (never the test images). Hung's semi-supervised
# settings: self-training on the pixels the discriminator rates real above
# 0.2 (weight 0.1, averaged over the selected pixels), the adversarial term
# on the unlabeled predictions (0.001), from a quarter of the schedule
# (Hung: 5000 of 20000; tools/benchmarks/drive_protocol.sh sets
# `semi_cfg.start_iter` to ITERS / 4 and the split).
_base_ = './cgan_unet-s5-d16-w32_fcn_1xb4-40k_drive-64x64.py'
model = dict(semi_cfg=dict(start_iter=1000))
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedSegDataset',
        labeled={{_base_.train_dataloader.dataset.dataset}},
        labeled_split='configs/drive/splits/train_5of20.txt'))
