# The protocol cGAN with the adversarial term warmed up: λ_adv is 0 for the
# first quarter of the run (the segmentor fits its labels while the
# discriminator already learns), then rises linearly to 0.01 over the next
# quarter. docs/results/lever_record.md, "The adversarial term on the split".
_base_ = './cgan_unet-s5-d16-w32_fcn_1xb4-2k_camvid-half-128x160.py'
model = dict(adversarial_head=dict(adv_start_iter=500, adv_ramp_iters=500))
