"""A crop larger than the images stops a run before it trains on padding."""
import os.path as osp

from conftest import (
    DEMO_GAN_CFGS,
    DEMO_SEG_CFG,
    run_tool,
    small_gan_options,
    small_seg_options,
)


def test_segmentor_crop_larger_than_the_images_is_named(demo_root,
                                                        tmp_path):
    work_dir = str(tmp_path)
    proc = run_tool(
        'tools/train.py', DEMO_SEG_CFG,
        *small_seg_options(demo_root, work_dir, max_iters=2),
        'train_dataloader.dataset.pipeline.2.ratio_range=(0.5,0.5)',
        'train_dataloader.dataset.pipeline.3.crop_size=(256,512)',
        'model.data_preprocessor.size=(256,512)', check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith('error: ValueError: model.data_preprocessor.size '
                           'is (256, 512) but the training pipeline gives '
                           'images of at most 64x128')
    assert '94% of each input would be padding' in last
    assert not osp.exists(osp.join(work_dir, 'iter_1.pth'))


def test_synthesis_batch_of_mixed_sizes_is_named(demo_root, tmp_path):
    work_dir = str(tmp_path)
    pipe = 'train_dataloader.dataset.pipeline.2'
    proc = run_tool(
        'tools/train.py', DEMO_GAN_CFGS['pix2pix_1xb4-300'],
        *small_gan_options(demo_root, work_dir, max_iters=2, batch_size=4),
        f'{pipe}.type=RandomResize', f'{pipe}.ratio_range=(0.5,1.0)',
        f'{pipe}.keep_ratio=True', check=False)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert 'a synthesis GAN batch holds images of sizes' in last
    assert 'its pipeline must give one size' in last
    assert not osp.exists(osp.join(work_dir, 'iter_1.pth'))
