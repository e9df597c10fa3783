import torch.distributed as dist

from mmseg_gan.utils import destroy_process_group


def test_destroy_process_group_is_a_noop_outside_distributed_runs():
    assert not dist.is_initialized()
    destroy_process_group()
    assert not dist.is_initialized()


def test_destroy_process_group_ends_a_gloo_group(tmp_path):
    dist.init_process_group(
        'gloo', init_method=f'file://{tmp_path / "store"}', rank=0,
        world_size=1)
    try:
        assert dist.is_initialized()
        destroy_process_group()
        assert not dist.is_initialized()
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()
