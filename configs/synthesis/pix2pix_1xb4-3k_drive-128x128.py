# pix2pix on DRIVE (configs/_base_/datasets/drive_synthesis.py: vessel map
# + FOV -> fundus image; 128x128 crops of 576x576 frames, rendered whole).
# The reference's networks: mmagic's U-Net (down to 1x1 from 128: 7
# downsamplings, width 64, dropout as noise), the 70x70 PatchGAN, vanilla
# GAN loss + L1 (100), Adam 2e-4 (0.5, 0.999). 2 classes (background,
# vessel); 3000 iterations, trained on the labelled split only
# (tools/benchmarks/protocols/drive.py).
_base_ = [
    '../_base_/models/pix2pix.py', '../_base_/datasets/drive_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
num_classes = 2
model = dict(
    data_preprocessor=dict(num_classes=num_classes),
    generator=dict(num_classes=num_classes),
    discriminator=dict(num_classes=num_classes))
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(lr=2e-4, betas=(0.5, 0.999))))
train_cfg = dict(max_iters=3000)
default_hooks = dict(checkpoint=dict(interval=1000))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='SynthesisVisualizationHook', interval=500),
]
