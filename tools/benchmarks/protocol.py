"""Run a benchmark protocol whose rows are declared as data.

    python tools/benchmarks/protocol.py camvid [ROW ...] [--seeds 0 1 2] \
        [--iters 1000] [--out work_dirs/camvid_protocol] \
        [--params gan_iters=1000 ...] [--list] [--dry-run]

A protocol is a table, ``tools/benchmarks/protocols/<name>.py`` (see
``camvid.py``; its fields: ``protocol_table.py``): the base config its
splits are drawn from, the splits (``make_labeled_split.py`` options), the
parameters its templates use and its rows. A row is one declaration: a
config, cfg-options, a split, the synthesizers whose pairs it mixes in, an
iteration count and a description.

For every row, in the order given: the row's split is written to
``OUT/splits/SPLIT.txt`` (or read from its committed list); each
synthesizer is trained on the split into ``OUT/NAME-SPLIT`` (log
``OUT/NAME-SPLIT.log``), scored (seg-score against
the protocol's reference segmentor, once it exists:
``OUT/NAME-SPLIT/segscore.log``) and renders its pairs into ``OUT/OUT``
(log ``OUT/OUT.log``); then the row's config is trained once per seed into
``OUT/ROW_seedSEED`` (log ``OUT/ROW_seedSEED.log``; poly LR over the row's
iterations, one validation and one checkpoint at the end). Finished steps
are skipped and interrupted trainings resume from their last checkpoint, so
rerun the same command after a stop. Ends with ``tools/leaderboard.py``
over ``OUT/*`` -> ``OUT/leaderboard.{md,csv,png}``.

Templates: ``{name}`` or a small integer expression (``{iters * 3 // 4}``)
over the parameters (``iters``, ``out``, the table's ``params``), the row's
``split_file`` (absolute), ``synthetic`` (its synthesizer's folder,
absolute) and ``repo`` (the repository root, for committed files that a
config reads by absolute path). A parameter's value comes from the
command line, else from the environment variable of its upper-case name
(``ITERS``, ``SEEDS``, ``OUT``, ``GAN_ITERS``, ...), else from the table.
``PYTHON`` picks the interpreter of the steps (default: this one).
Relative paths are relative to the repository root, where the steps run.
"""
import argparse
import os
import os.path as osp
import re
import shlex
import subprocess
import sys
import textwrap
import time
from typing import Dict, List, Optional, Sequence

from protocol_table import (
    Protocol,
    Row,
    Synthesizer,
    load_protocol,
    protocol_names,
    render,
)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SPLIT_TOOL = 'tools/dataset_converters/make_labeled_split.py'


class Runner:
    """Runs (or, dry, prints) the steps of a protocol's rows.

    Args:
        protocol: The table.
        values: Template parameter values (``iters`` an int).
        seeds: The seeds each row is trained with.
        python: The interpreter of the steps.
        dry_run: Print the commands instead of running them; a step's
            output then counts as made for the steps after it.
    """

    def __init__(self, protocol: Protocol, values: Dict[str, object],
                 seeds: Sequence[str], python: str, dry_run: bool) -> None:
        self.protocol, self.values, self.seeds = protocol, values, seeds
        self.out = str(values['out'])
        self.python, self.dry_run = python, dry_run
        self.made = set()  # what the printed steps would write (dry run)

    def fill(self, template: str, **extra) -> str:
        """A template filled with the parameters and ``extra``."""
        return render(template, dict(self.values, **extra))

    def exists(self, path: str) -> bool:
        """Whether a file is there, or would be by now (dry run)."""
        return osp.isfile(path) or path in self.made

    @staticmethod
    def log(message: str) -> None:
        print(f'[bench {time.strftime("%H:%M:%S")}] {message}',
              file=sys.stderr, flush=True)

    def step(self, argv: Sequence[str], makes: Optional[str] = None,
             log: Optional[str] = None, mode: str = 'inherit') -> None:
        """Run ``PYTHON argv``; its output goes where ``mode`` says.

        Modes: ``inherit``; ``stderr``; ``append`` to ``log``; ``part``:
        to ``log.part``, renamed to ``log`` when it succeeds; ``tee``: to
        ``log`` and stderr. A failed step ends the run with its status.
        """
        cmd = [self.python, *argv]
        if self.dry_run:
            q = shlex.quote
            print(shlex.join(cmd) + {
                'inherit': '', 'stderr': ' >&2',
                'append': f' >> {q(str(log))} 2>&1',
                'part': f' > {q(f"{log}.part")} 2>&1 && mv '
                        f'{q(f"{log}.part")} {q(str(log))}',
                'tee': f' 2>&1 | tee {q(str(log))} >&2'}[mode], flush=True)
            if makes:
                self.made.add(makes)
            return
        sys.stdout.flush()
        sys.stderr.flush()
        if mode in ('inherit', 'stderr'):
            rc = subprocess.call(
                cmd, stdout=sys.stderr if mode == 'stderr' else None)
        elif mode in ('append', 'part'):
            target = log if mode == 'append' else f'{log}.part'
            with open(target, 'a' if mode == 'append' else 'w') as f:
                rc = subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT)
            if mode == 'part' and rc == 0:
                os.replace(target, log)
        else:  # tee
            with open(log, 'w') as f, subprocess.Popen(
                    cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    text=True) as proc:
                for line in proc.stdout:
                    f.write(line)
                    sys.stderr.write(line)
            rc = proc.returncode
        if rc:
            print(f'[bench] failed (exit {rc}): {shlex.join(cmd)}',
                  file=sys.stderr)
            sys.exit(rc)

    def split_file(self, split: str) -> str:
        """Write the split once (or take its committed list); its path."""
        if split in self.protocol.split_files:
            return osp.realpath(self.protocol.split_files[split])
        path = f'{self.out}/splits/{split}.txt'
        if not self.exists(path):
            self.step([SPLIT_TOOL, self.protocol.base_config,
                       *self.protocol.split_options, '--out', path,
                       *self.protocol.splits[split]], makes=path,
                      mode='stderr')
        return osp.realpath(path)

    def resume(self, work_dir: str) -> List[str]:
        """``--resume`` when the work dir has a last checkpoint."""
        last = osp.join(work_dir, 'last_checkpoint')
        return ['--resume'] if osp.isfile(last) and osp.getsize(last) else []

    def synthesize(self, synth: Synthesizer, split: str,
                   split_file: str) -> str:
        """Train, score and render a synthesizer; its pairs' folder."""
        gan = f'{self.out}/{synth.name}-{split}'
        syn = f'{self.out}/{synth.out}'
        iters = self.fill(self.protocol.synth_iters)
        ckpt = f'{gan}/iter_{iters}.pth'
        split_option = f'train_dataloader.dataset.ann_file={split_file}'
        if not self.exists(ckpt):
            resume = self.resume(gan)
            self.log(' '.join([f'{synth.name} on {split_file} -> {gan}',
                               *resume]))
            if not self.dry_run:
                os.makedirs(gan, exist_ok=True)
            self.step(['tools/train.py', synth.config, '--work-dir', gan,
                       *resume, '--cfg-options', 'randomness.seed=0',
                       f'train_cfg.max_iters={iters}',
                       # a checkpoint every 250 iterations: a stopped
                       # session resumes instead of starting again
                       'default_hooks.checkpoint.interval='
                       f'{min(int(iters), 250)}',
                       split_option], makes=ckpt, log=f'{gan}.log',
                      mode='append')
        ref = self.protocol.segscore_checkpoint
        ref = ref and self.fill(ref)
        score = f'{gan}/segscore.log'
        if ref and not self.exists(score) and self.exists(ref):
            self.log(f'seg-score of {synth.name} (reference {ref})')
            self.step(['tools/test.py', synth.config, ckpt, '--work-dir',
                       f'{gan}/segscore', '--cfg-options',
                       f'test_evaluator.segmentor_config='
                       f'{self.protocol.base_config}',
                       f'test_evaluator.segmentor_checkpoint={ref}',
                       'test_evaluator.device=cpu'],
                      makes=score, log=score, mode='part')
            if not self.dry_run:
                with open(score) as f:
                    for line in re.findall(r'seg_score/[a-z_A-Z]*: [0-9.]*',
                                           f.read()):
                        print(line, file=sys.stderr)
        if not self.exists(f'{syn}/manifest.json'):
            self.log(f'synthesize -> {syn}')
            options = [self.fill(o, split_file=split_file)
                       for o in synth.options]
            self.step(['tools/synthesize.py', synth.config, ckpt, '--out',
                       syn, *options, '--cfg-options', split_option],
                      makes=f'{syn}/manifest.json', log=f'{syn}.log',
                      mode='tee')
        return osp.realpath(syn)

    def train(self, row: Row, seed: str, iters: str,
              options: Sequence[str]) -> None:
        """Train the row with one seed, unless it is done."""
        work_dir = f'{self.out}/{row.name}_seed{seed}'
        ckpt = f'{work_dir}/iter_{iters}.pth'
        if self.exists(ckpt):
            print(f'[bench] {work_dir} done, skipped', file=sys.stderr,
                  flush=True)
            return
        resume = self.resume(work_dir)
        self.log(' '.join([f'{row.name} seed {seed} -> {work_dir}', *resume]))
        self.step(['tools/train.py', row.config, '--work-dir', work_dir,
                   *resume, '--cfg-options', f'randomness.seed={seed}',
                   f'train_cfg.max_iters={iters}',
                   f'train_cfg.val_interval={iters}',
                   f'default_hooks.checkpoint.interval={iters}',
                   'default_hooks.logger.interval=50', *options],
                  makes=ckpt, log=f'{work_dir}.log', mode='append')

    def run_row(self, row: Row) -> None:
        """Prepare the row's split and pairs, then train every seed."""
        for required in row.requires:
            path = self.fill(required)
            if not self.exists(path):
                print(f'{row.name} needs {path}', file=sys.stderr)
                sys.exit(2)
        extra = {}
        if row.split is not None:
            extra['split_file'] = self.split_file(row.split)
        folders = [self.synthesize(s, row.split, extra['split_file'])
                   for s in row.synthesizers]
        if folders:
            extra['synthetic'] = folders[0]
        if row.config is None:
            return
        options = [self.fill(o, **extra) for o in row.options]
        iters = self.fill(row.iters, **extra)
        for seed in self.seeds:
            self.train(row, seed, iters, options)

    def run(self, rows: Sequence[str]) -> None:
        """The rows in order, then the leaderboard over ``OUT/*``."""
        if not self.dry_run:
            os.makedirs(f'{self.out}/splits', exist_ok=True)
        for name in rows:
            self.run_row(self.protocol.rows[name])
        self.step(['tools/leaderboard.py', f'{self.out}/*', '--per-class',
                   '--metric', self.protocol.metric,
                   '--md', f'{self.out}/leaderboard.md',
                   '--csv', f'{self.out}/leaderboard.csv',
                   '--png', f'{self.out}/leaderboard.png',
                   '--title', self.fill(self.protocol.title)])


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split('\n\n', 2)[2])
    parser.add_argument('protocol', help=f'one of {protocol_names()}')
    parser.add_argument('rows', nargs='*', metavar='ROW',
                        help="rows to run, in order (default: the table's)")
    parser.add_argument('--seeds', nargs='*', type=int,
                        help='seeds of every row (env SEEDS)')
    parser.add_argument('--iters', type=int,
                        help='iterations of a row (env ITERS)')
    parser.add_argument('--out', help='output folder (env OUT)')
    parser.add_argument('--params', nargs='+', default=[],
                        metavar='NAME=VALUE',
                        help="other template parameters of the table (env "
                        "NAME in upper case), e.g. gan_iters=500")
    parser.add_argument('--list', action='store_true',
                        help='print the rows and what each measures')
    parser.add_argument('--dry-run', action='store_true',
                        help='print the commands instead of running them')
    return parser.parse_args(argv)


def param_values(protocol: Protocol, args: argparse.Namespace) -> dict:
    """Each parameter from the command line, the environment or the table."""
    bad = [p for p in args.params if '=' not in p]
    if bad:
        fail(f'--params takes NAME=VALUE, got {bad}')
    given = dict(p.split('=', 1) for p in args.params)
    unknown = sorted(set(given) - set(protocol.params))
    if unknown:
        fail(f'unknown --params {unknown} (known: {sorted(protocol.params)})')
    if args.seeds is not None:
        given['seeds'] = ' '.join(map(str, args.seeds))
    given.update({k: getattr(args, k) for k in ('iters', 'out')
                  if getattr(args, k) is not None})
    values = {}
    for name, default in protocol.params.items():
        value = given.get(name, os.environ.get(name.upper(), default))
        values[name] = int(value) if isinstance(default, int) else str(value)
    return values


def fail(message: str) -> None:
    print(f'protocol.py: error: {message}', file=sys.stderr)
    sys.exit(2)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.protocol not in protocol_names():
        fail(f"unknown protocol '{args.protocol}' "
             f"(valid: {', '.join(protocol_names())})")
    protocol = load_protocol(args.protocol)
    if args.list:
        for row in protocol.rows.values():
            print(row.name)
            print(textwrap.fill(row.description, 79, initial_indent='    ',
                                subsequent_indent='    ',
                                break_on_hyphens=False))
        return
    rows = args.rows or list(protocol.default_rows)
    unknown = [r for r in rows if r not in protocol.rows]
    if unknown:
        fail(f"unknown row{'s' * (len(unknown) > 1)} "
             f"{', '.join(map(repr, unknown))} "
             f"(valid: {', '.join(protocol.rows)})")
    values = dict(param_values(protocol, args), repo=REPO)
    os.chdir(REPO)
    Runner(protocol, values, str(values['seeds']).split(),
           os.environ.get('PYTHON') or sys.executable, args.dry_run).run(rows)


if __name__ == '__main__':
    main()
