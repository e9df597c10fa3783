# SPADE on DRIVE (configs/_base_/datasets/drive_synthesis.py: vessel map
# + FOV -> fundus image; 128x128 crops of 576x576 frames, rendered whole),
# sized for a CPU as the CamVid SPADE config (../_base_/models/spade_cpu.py):
# width 32 (SPADE: 64), 4 SPADE blocks from 16x16 (3 upsamplings, the last
# block at the crop's resolution), 32 hidden channels in the SPADE layers
# (SPADE: 128), no VGG loss (no VGG19 weights here). The rest is SPADE's: no noise, no EMA,
# 2-scale 70x70 PatchGAN, hinge + feature matching, Adam (0, 0.9) with G
# 1e-4 and D 4e-4. 3000 iterations on the labelled split only
# (tools/benchmarks/protocols/drive.py).
_base_ = [
    '../_base_/models/spade_cpu.py', '../_base_/datasets/drive_synthesis.py',
    '../_base_/schedules/synthesis_gan.py', '../_base_/default_runtime.py'
]
num_classes = 2
model = dict(
    data_preprocessor=dict(num_classes=num_classes),
    generator=dict(num_classes=num_classes),
    discriminator=dict(num_classes=num_classes))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.0, 0.9))),
    discriminator=dict(optimizer=dict(betas=(0.0, 0.9))))
train_cfg = dict(max_iters=3000)
default_hooks = dict(checkpoint=dict(interval=1000))
custom_hooks = [
    dict(type='NumClassesCheckHook'),
    dict(type='RNGStateHook'),
    dict(type='EMABNRecalibrationHook'),
    dict(type='SynthesisVisualizationHook', interval=500),
]
