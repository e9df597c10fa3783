# Download what an offline GPU node needs to run mmseg-gan (`make device-kit`).
#
#   .venv/bin/python tools/device_kit/make_kit.py [--out .device_kit]
#       [--python-version 3.12] [--present tools/device_kit/present.txt]
#
# The kit holds the wheels of every distribution this environment imports
# for mmseg-gan that the node lacks (or has in a version pyproject.toml
# excludes), for the node's Python and platform; mmcv 2.1.0 compiled here
# (CPU ops) for the node's Python and torch (tools/device_kit/
# node_mmcv_wheel.sh), so the node compiles nothing; and the mmcv sdist, from
# which tools/device_kit/install.sh compiles the CUDA ops when asked
# (MMCV_CUDA_OPS=1) or when the node's torch is not the one the wheel was
# built for. torch, torchvision and the CUDA libraries are the node's own.
import argparse
import hashlib
import json
import os
import os.path as osp
import re
import shutil
import subprocess
import sys
import tempfile

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MMCV = 'mmcv==2.1.0'
# the node's own builds (CUDA), the package itself and what replaces them
# numpy: the node's NumPy 2 stays (its pandas and OpenCV are built against
# it); mmseg_gan restores the one alias mmagic needs (utils/numpy_compat.py)
SKIP = re.compile(r'^(torch|torchvision|torchaudio|triton|nvidia-.*|cuda-.*|'
                  r'mmcv|mmseg-gan|opencv-(contrib-)?python|typing|numpy)$')
# what mmseg-gan, its tests and its tools import on a GPU run
PROBE = """
import importlib.metadata as md, json, sys
import mmseg_gan, mmseg_gan.apis, mmseg_gan.models, mmseg_gan.datasets
import mmseg_gan.evaluation, mmseg_gan.engine, mmseg_gan.benchmark
import mmagic.models, mmseg.models, mmseg.evaluation, mmcv.ops
import mmengine.runner, cityscapesscripts.helpers.labels, pytest_timeout
import matplotlib.pyplot  # mmengine's Visualizer, when a Runner builds it
dists = {}
owners = md.packages_distributions()
for top in {m.split('.')[0] for m in list(sys.modules)}:
    for name in owners.get(top, []):
        dists[name] = md.version(name)
print(json.dumps(dists))
"""
PLATFORMS = ('manylinux_2_17_x86_64', 'manylinux2014_x86_64',
             'manylinux_2_27_x86_64', 'manylinux_2_28_x86_64',
             'manylinux_2_34_x86_64', 'manylinux1_x86_64')


def canon(name: str) -> str:
    return re.sub(r'[-_.]+', '-', name).lower()


def parse_args():
    parser = argparse.ArgumentParser(
        description='Download the offline install kit for a GPU node')
    parser.add_argument('--out', default=osp.join(REPO, '.device_kit'))
    parser.add_argument('--python-version', default='3.12',
                        help="the node's Python (default: 3.12)")
    parser.add_argument(
        '--present', default=osp.join(REPO, 'tools', 'device_kit',
                                      'present.txt'),
        help="distributions the node already has, one a line ('' for none)")
    parser.add_argument(
        '--torch-version', default='2.11.0',
        help="the node's torch, which the mmcv wheel is built against "
        '(default: 2.11.0, the accelerator machine\'s 2.11.0+cu130)')
    parser.add_argument(
        '--no-mmcv-wheel', action='store_true',
        help='carry only the mmcv sdist (the node compiles it: ~15 min on '
        '2 cores for the CPU ops)')
    parser.add_argument('--budget-mib', type=float, default=64,
                        help='what may travel with the working tree (MiB)')
    return parser.parse_args()


def pinned_names() -> dict:
    """pyproject.toml dependencies that constrain the version."""
    from packaging.requirements import Requirement
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    with open(osp.join(REPO, 'pyproject.toml'), 'rb') as f:
        project = tomllib.load(f)['project']
    # the core and the extras the GPU checks use (not test / dev tools)
    extras = project.get('optional-dependencies', {})
    deps = project['dependencies'] + [
        d for name in ('synthesis', 'cityscapes') for d in extras[name]]
    return {canon(r.name): str(r.specifier)
            for r in map(Requirement, deps) if r.specifier}


def needed(present: set) -> tuple:
    """What this env imports: ({dist: version} to carry, the node's own)."""
    out = subprocess.run([sys.executable, '-c', PROBE], capture_output=True,
                         text=True, cwd=REPO)
    if out.returncode != 0:
        sys.exit(f'error: probing the imports failed (run `make setup` '
                 f'first):\n{out.stderr[-2000:]}')
    imported = json.loads(out.stdout.strip().splitlines()[-1])
    pins = pinned_names()
    from importlib import metadata
    for name in pins:  # pinned ones are carried even when not imported
        try:
            imported.setdefault(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            sys.exit(f'error: {name} (pinned in pyproject.toml) is not '
                     f'installed in {sys.prefix}; run `make setup` first')
    carry = {n: v for n, v in sorted(imported.items())
             if not SKIP.match(canon(n))
             and (canon(n) not in present or canon(n) in pins)}
    node = sorted(n for n in imported
                  if n not in carry and canon(n) in present)
    return carry, node


def pip(*args, **kw):
    return subprocess.run([sys.executable, '-m', 'pip',
                           '--disable-pip-version-check', *args], **kw)


def download(name: str, version: str, dest: str, pyver: str) -> str:
    """One wheel for the node; pure-Python sdists are built here."""
    plat = [a for p in PLATFORMS for a in ('--platform', p)]
    proc = pip('download', '-q', '--no-deps', '--only-binary=:all:',
               '--python-version', pyver, '--implementation', 'cp', *plat,
               '-d', dest, f'{name}=={version}', capture_output=True,
               text=True)
    if proc.returncode == 0:
        return 'wheel'
    with tempfile.TemporaryDirectory() as tmp:
        built = pip('wheel', '-q', '--no-deps', '--no-binary', name, '-w',
                    tmp, f'{name}=={version}', capture_output=True, text=True)
        wheels = [w for w in os.listdir(tmp) if w.endswith('-none-any.whl')]
        if built.returncode != 0 or not wheels:
            sys.exit(f'error: no wheel of {name}=={version} for Python '
                     f'{pyver} on x86_64 Linux, and its sdist does not build '
                     f'a pure-Python wheel:\n{proc.stderr[-1500:]}')
        shutil.move(osp.join(tmp, wheels[0]), osp.join(dest, wheels[0]))
    return 'built here (pure Python)'


def build_mmcv_wheel(sdist: str, out: str, pyver: str, torch: str) -> dict:
    """mmcv compiled here for the node's Python and torch (CPU ops)."""
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'device_kit', 'node_mmcv_wheel.sh'),
         pyver, torch, sdist, out])
    wheels = sorted(os.listdir(out)) if osp.isdir(out) else []
    if proc.returncode != 0 or len(wheels) != 1:
        sys.exit(f'error: building the mmcv wheel for Python {pyver} and '
                 f'torch {torch} failed (tools/device_kit/node_mmcv_wheel.sh '
                 f'above); --no-mmcv-wheel carries the sdist only')
    return dict(file=f'mmcv/{wheels[0]}', python_version=pyver,
                torch_version=torch, ops='cpu')


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def tracked_bytes() -> int:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=REPO,
                           capture_output=True).stdout.split(b'\0')
    return sum(osp.getsize(osp.join(REPO, f.decode())) for f in files
               if f and osp.isfile(osp.join(REPO, f.decode())))


def main():
    args = parse_args()
    present = set()
    if args.present:
        with open(args.present) as f:
            present = {canon(ln.strip()) for ln in f
                       if ln.strip() and not ln.startswith('#')}
    todo, node_own = needed(present)
    partial = args.out.rstrip('/') + '.partial'  # reused after a stop
    wheels = osp.join(partial, 'wheels')
    os.makedirs(wheels, exist_ok=True)
    for i, (name, version) in enumerate(todo.items(), 1):
        how = download(name, version, wheels, args.python_version)
        print(f'[kit {i}/{len(todo)}] {name}=={version}: {how}', flush=True)
    proc = pip('download', '-q', '--no-deps', '--no-binary', ':all:',
               '--no-build-isolation', '-d', partial, MMCV,
               capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'error: downloading the {MMCV} sdist failed:\n'
                 f'{proc.stderr[-1500:]}')
    sdist = [f for f in os.listdir(partial) if f.startswith('mmcv-')][0]
    mmcv_wheel = None
    shutil.rmtree(osp.join(partial, 'mmcv'), ignore_errors=True)
    if not args.no_mmcv_wheel:
        mmcv_wheel = build_mmcv_wheel(osp.join(partial, sdist),
                                      osp.join(partial, 'mmcv'),
                                      args.python_version, args.torch_version)
    files = sorted(
        osp.relpath(osp.join(d, f), partial)
        for d, _, names in os.walk(partial) for f in names
        if f != 'kit.json')
    wanted = {f'{canon(n)}-{v}' for n, v in todo.items()}
    for rel in files:  # left by an earlier kit with other versions
        stem = canon('-'.join(osp.basename(rel).split('-')[:2]))
        if rel.startswith('wheels') and stem not in {
                canon(w) for w in wanted}:
            os.remove(osp.join(partial, rel))
    files = [f for f in files if osp.isfile(osp.join(partial, f))]
    manifest = dict(
        python_version=args.python_version, platforms=list(PLATFORMS),
        mmcv_sdist=sdist, mmcv_wheel=mmcv_wheel,
        distributions=todo, node_provides=node_own, files={
            f: dict(sha256=sha256(osp.join(partial, f)),
                    bytes=osp.getsize(osp.join(partial, f)))
            for f in files})
    with open(osp.join(partial, 'kit.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    kit = sum(v['bytes'] for v in manifest['files'].values())
    tree = tracked_bytes()
    if osp.isdir(args.out):
        shutil.rmtree(args.out)
    os.replace(partial, args.out)
    mib = 1 << 20
    print(f'{len(files)} files, {kit / mib:.1f} MiB in {args.out}; with the '
          f'tracked tree ({tree / mib:.1f} MiB): {(kit + tree) / mib:.1f} of '
          f'{args.budget_mib:g} MiB')
    if kit + tree > args.budget_mib * mib:
        sys.exit(f'error: the kit and the tree exceed {args.budget_mib:g} '
                 'MiB; they will not travel together')


if __name__ == '__main__':
    main()
