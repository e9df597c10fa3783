"""find_resume_checkpoint: which checkpoint --resume continues from."""
import os.path as osp

import torch

from mmseg_gan.utils import find_resume_checkpoint, is_complete_checkpoint


def _save(path, iteration):
    torch.save({'meta': {'iter': iteration}, 'state_dict': {
        'w': torch.full((64, ), float(iteration))}}, str(path))
    return str(path)


def test_follows_last_checkpoint_inside_the_work_dir(tmp_path):
    _save(tmp_path / 'iter_2.pth', 2)
    four = _save(tmp_path / 'iter_4.pth', 4)
    (tmp_path / 'last_checkpoint').write_text(_save(tmp_path / 'iter_3.pth',
                                                    3))
    path, why = find_resume_checkpoint(str(tmp_path))
    assert path == str(tmp_path / 'iter_3.pth') and 'named by' in why
    (tmp_path / 'last_checkpoint').write_text('iter_4.pth')  # relative
    assert find_resume_checkpoint(str(tmp_path))[0] == osp.join(
        str(tmp_path), 'iter_4.pth') == four


def test_absent_empty_or_foreign_pointer_falls_back_to_newest(tmp_path):
    work = tmp_path / 'copy'
    work.mkdir()
    _save(work / 'iter_2.pth', 2)
    _save(work / 'iter_10.pth', 10)  # numeric, not lexical, order
    assert find_resume_checkpoint(str(work))[0] == str(work / 'iter_10.pth')
    (work / 'last_checkpoint').write_text('')
    path, why = find_resume_checkpoint(str(work))
    assert path == str(work / 'iter_10.pth') and 'is empty' in why
    other = tmp_path / 'original'
    other.mkdir()
    (work / 'last_checkpoint').write_text(_save(other / 'iter_2.pth', 2))
    path, why = find_resume_checkpoint(str(work))
    assert path == str(work / 'iter_10.pth')
    assert 'outside this work dir' in why
    (work / 'last_checkpoint').write_bytes(b'\xff\xfe\x00bad')
    assert find_resume_checkpoint(str(work))[0] == str(work / 'iter_10.pth')


def test_cut_short_checkpoint_is_skipped(tmp_path):
    _save(tmp_path / 'iter_2.pth', 2)
    full = _save(tmp_path / 'iter_4.pth', 4)
    data = open(full, 'rb').read()
    with open(full, 'wb') as f:
        f.write(data[:len(data) // 2])
    assert not is_complete_checkpoint(full)
    (tmp_path / 'last_checkpoint').write_text(full)
    path, why = find_resume_checkpoint(str(tmp_path))
    assert path == str(tmp_path / 'iter_2.pth') and 'incomplete' in why


def test_nothing_to_resume_from(tmp_path):
    path, why = find_resume_checkpoint(str(tmp_path))
    assert path is None and 'no complete checkpoint' in why
