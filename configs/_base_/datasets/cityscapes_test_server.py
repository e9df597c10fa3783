# Cityscapes test-server submission with mmseg's CityscapesMetric: predict
# leftImg8bit/test and write labelIds PNGs (converted from trainIds) into
# output_dir, ready to zip and upload; no metric is computed. A leaf config
# inherits the trained config and this piece:
#   _base_ = ['PATH/TO/TRAINED_CONFIG.py',
#             'configs/_base_/datasets/cityscapes_test_server.py']
#   test_dataloader = dict(dataset=dict(data_prefix={{_base_.test_server_prefix}}))
#   test_evaluator = {{_base_.test_server_evaluator}}
# (configs/test_server/ holds ready ones). The test split's gtFine files come
# from mmseg's converter (tools/dataset_converters/cityscapes.py).
test_server_prefix = dict(
    img_path='leftImg8bit/test', seg_map_path='gtFine/test')
test_server_evaluator = dict(
    type='CityscapesMetric',
    format_only=True,
    keep_results=True,
    output_dir='work_dirs/cityscapes_test_server')
