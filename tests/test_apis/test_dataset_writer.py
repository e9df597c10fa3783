"""synthesize_dataset's writer pool: files complete or absent, the same
checksums in the same order, and a failed write stops the run with its own
error."""
import glob
import hashlib
import os.path as osp

import cv2
import numpy as np
import pytest
from conftest import DEMO_GAN_CFGS
from mmengine.config import Config

import mmseg_gan.apis.png_writer_pool as pool_module
from mmseg_gan.apis import (
    load_label_source,
    load_synthesizer,
    synthesize_dataset,
)
from mmseg_gan.apis.png_writer_pool import PngWriterPool
from mmseg_gan.datasets import file_sha256


def _no_temporaries(folder):
    return not glob.glob(osp.join(glob.escape(str(folder)), '**', '.*tmp*'),
                         recursive=True)


def test_pool_writes_every_file_and_its_checksum(tmp_path):
    rng = np.random.default_rng(0)
    arrays = {f'{i}.png': rng.integers(0, 255, (8, 16, 3), np.uint8)
              for i in range(7)}
    with PngWriterPool(workers=2, max_pending=2) as pool:
        for key, arr in arrays.items():
            pool.submit({key: (arr, str(tmp_path / key))})
        checksums = pool.checksums()
    assert list(checksums) == list(arrays)  # submission order
    for key, arr in arrays.items():
        assert checksums[key] == file_sha256(str(tmp_path / key))
        np.testing.assert_array_equal(
            cv2.imread(str(tmp_path / key), cv2.IMREAD_UNCHANGED), arr)
        ok, buf = cv2.imencode('.png', arr)
        assert checksums[key] == hashlib.sha256(buf.tobytes()).hexdigest()
    assert _no_temporaries(tmp_path)


def test_pool_reraises_a_failed_write(tmp_path):
    blocker = tmp_path / 'file'
    blocker.write_text('not a folder')
    img = np.zeros((4, 4), np.uint8)
    with pytest.raises(OSError):
        with PngWriterPool(workers=2) as pool:
            pool.submit({'a': (img, str(tmp_path / 'a.png'))})
            pool.submit({'b': (img, str(blocker / 'b.png'))})
            pool.checksums()
    assert (tmp_path / 'a.png').is_file()
    assert _no_temporaries(tmp_path)


@pytest.fixture(scope='module')
def pix2pix_and_labels(demo_root):
    cfg = Config.fromfile(DEMO_GAN_CFGS['pix2pix_1xb4-300'])
    cfg.train_dataloader.dataset.data_root = demo_root
    cfg.test_dataloader.dataset.data_root = demo_root
    labels, names = load_label_source(cfg, 'train')
    return load_synthesizer(cfg, None, 'cpu'), labels, names


def test_failed_write_stops_the_run_and_the_rerun_finishes_it(
        pix2pix_and_labels, tmp_path, monkeypatch):
    model, labels, names = pix2pix_and_labels
    kw = dict(num=10, batch_size=3, seed=1, progress=False)
    straight = synthesize_dataset(model, labels, names,
                                  str(tmp_path / 'straight'), **kw)

    write_png, calls = pool_module.write_png, []

    def fail_fifth(img, path):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, 'No space left on device', path)
        return write_png(img, path)

    out = tmp_path / 'failed'
    monkeypatch.setattr(pool_module, 'write_png', fail_fifth)
    with pytest.raises(OSError, match='No space left on device'):
        synthesize_dataset(model, labels, names, str(out), **kw)
    assert not (out / 'manifest.json').exists()
    assert _no_temporaries(out)
    for path in glob.glob(str(out / '*_dir' / 'train' / '*.png')):
        rel = osp.relpath(path, out)
        assert file_sha256(path) == straight['files'][rel], rel

    monkeypatch.setattr(pool_module, 'write_png', write_png)
    resumed = synthesize_dataset(model, labels, names, str(out), **kw)
    assert list(resumed['files'].items()) == list(straight['files'].items())
