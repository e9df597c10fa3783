import subprocess
import sys

from mmengine.config import Config
from mmseg.registry import DATASETS

import mmseg_gan


def test_version():
    assert isinstance(mmseg_gan.__version__, str)
    assert mmseg_gan.__version__.count('.') == 2


def test_import_registers_into_mmseg():
    assert DATASETS.get('CamVidDataset') is mmseg_gan.datasets.CamVidDataset


def test_custom_imports_registers_in_a_fresh_process(tmp_path):
    """A config with custom_imports resolves plugin types without importing
    mmseg_gan explicitly (what a user of stock mmseg tools does)."""
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(
        "custom_imports = dict(imports=['mmseg_gan'], "
        'allow_failed_imports=False)\n'
        "dataset = dict(type='CamVidDataset')\n")
    code = (
        'from mmengine.config import Config\n'
        'from mmseg.registry import DATASETS\n'
        f'Config.fromfile({str(cfg)!r})\n'
        "print(DATASETS.get('CamVidDataset').__module__)\n")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == 'mmseg_gan.datasets.camvid'
    assert Config.fromfile(str(cfg)).dataset.type == 'CamVidDataset'


def test_import_leaves_mmagic_unloaded_and_warns_nothing():
    """mmagic (diffusers, transformers' models) loads where it is used."""
    code = (
        'import sys, warnings\n'
        "warnings.simplefilter('always')\n"
        'import mmseg_gan\n'
        "print(sorted(m for m in ('mmagic', 'diffusers')\n"
        '             if m in sys.modules))\n'
        'from mmseg.registry import MODELS\n'
        "MODELS.build(dict(type='Pix2PixUnetGenerator', num_classes=3,\n"
        '                  num_down=3, base_channels=4))\n'
        "print('mmagic' in sys.modules)\n")
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, check=True)
    assert proc.stdout.split() == ['[]', 'True']
    assert 'FutureWarning' not in proc.stderr, proc.stderr


def test_core_works_without_the_optional_extras():
    """With mmagic, diffusers, transformers and cityscapesscripts
    unimportable (a core-only install), the package imports, the cGAN
    segmentor builds, and a synthesis GAN names the extra to install."""
    code = (
        'import sys\n'
        "BLOCK = ('mmagic', 'diffusers', 'transformers',\n"
        "         'cityscapesscripts')\n"
        'class Blocker:\n'
        '    def find_spec(self, name, path=None, target=None):\n'
        "        if name.split('.')[0] in BLOCK:\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        'sys.meta_path.insert(0, Blocker())\n'
        'import mmseg_gan\n'
        'from mmseg.registry import MODELS\n'
        "MODELS.build(dict(type='AdversarialHead', discriminator=dict(\n"
        "    type='FCPixelDiscriminator', num_classes=3)))\n"
        "print('core ok')\n"
        "MODELS.build(dict(type='Pix2PixUnetGenerator', num_classes=3,\n"
        '                  num_down=3, base_channels=4))\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True)
    assert proc.stdout.strip() == 'core ok', proc.stderr
    assert proc.returncode != 0
    assert "pip install 'mmseg-gan[synthesis]'" in proc.stderr
