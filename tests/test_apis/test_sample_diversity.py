"""sample_diversity: how different the renderings of one label map are."""
import pytest
from mmengine.config import Config

from mmseg_gan.apis import load_label_source, load_synthesizer
from mmseg_gan.evaluation import sample_diversity


@pytest.fixture(scope='module')
def spade_and_labels(demo_root, demo_spade):
    cfg_path, ckpt = demo_spade
    cfg = Config.fromfile(cfg_path)
    cfg.train_dataloader.dataset.data_root = demo_root
    model = load_synthesizer(cfg, ckpt, 'cpu')
    labels, _ = load_label_source(cfg, 'train')
    return model, labels


def test_noise_changes_renderings_reproducibly(spade_and_labels):
    model, labels = spade_and_labels
    div = sample_diversity(model, labels, num_samples=3, max_maps=3)
    assert div['maps'] == 3 and div['samples'] == 3
    assert 0 < div['within'] < 1 and 0 < div['across'] < 1
    assert div['ratio'] == pytest.approx(div['within'] / div['across'])
    assert sample_diversity(model, labels, num_samples=3, max_maps=3) == div
    other = sample_diversity(model, labels, num_samples=3, max_maps=3,
                             seed=1)
    assert other['within'] != div['within']


def test_needs_two_samples_and_two_maps(spade_and_labels):
    model, labels = spade_and_labels
    with pytest.raises(ValueError, match='needs >= 2 samples'):
        sample_diversity(model, labels, num_samples=1)
    with pytest.raises(ValueError, match='needs >= 2 samples'):
        sample_diversity(model, labels[:1])
