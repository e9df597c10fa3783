# Cityscapes test-server submission of the headline GAN-aug UNet:
#   python tools/test.py configs/test_server/gan-aug_unet_cityscapes_test-server.py \
#     CHECKPOINT
#   cd work_dirs/cityscapes_test_server && zip -r ../submission.zip .
_base_ = [
    '../gan_aug_unet_cityscapes.py',
    '../_base_/datasets/cityscapes_test_server.py'
]
test_dataloader = dict(dataset=dict(data_prefix={{_base_.test_server_prefix}}))
test_evaluator = {{_base_.test_server_evaluator}}
