from .camvid import CamVidDataset
from .demo_cityscapes import draw_scene, generate_demo_cityscapes

__all__ = ['CamVidDataset', 'draw_scene', 'generate_demo_cityscapes']
