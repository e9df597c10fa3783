# The test-server recipe on the demo data (its test split): the demo UNet's
# predictions as Cityscapes labelIds PNGs.
_base_ = [
    '../demo/unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py',
    '../_base_/datasets/cityscapes_test_server.py'
]
test_dataloader = dict(dataset=dict(data_prefix={{_base_.test_server_prefix}}))
test_evaluator = {{_base_.test_server_evaluator}}
