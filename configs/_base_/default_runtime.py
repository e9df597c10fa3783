# mmseg's runtime plus the plugin import, so that stock mmseg tools resolve
# mmseg_gan types too (this repository's tools import it anyway).
_base_ = 'mmseg::_base_/default_runtime.py'
custom_imports = dict(imports=['mmseg_gan'], allow_failed_imports=False)
