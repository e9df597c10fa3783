# Semi-supervised cGAN DeepLabV3+ (Hung et al.): 1/8 of Cityscapes train keeps
# its labels (seeded draw), the other images are used without labels; Hung's
# defaults (self-training from iteration 5000, confidence 0.2, λ_semi 0.1,
# λ_adv on unlabeled 0.001). For a fixed split file instead of a fraction:
# labeled_split='data/cityscapes/splits/1_8.txt' (names like
# 'aachen/aachen_000000_000019').
_base_ = './cgan_deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py'
model = dict(semi_cfg=dict())
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedSegDataset',
        labeled={{_base_.train_dataloader.dataset}},
        labeled_fraction=0.125,
        seed=0))
