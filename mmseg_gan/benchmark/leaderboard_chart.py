"""The leaderboard chart: each method's difference to its split's baseline.

Entries are grouped into panels by benchmark (the dataset part of the
config name, as mmseg names configs), backbone, crop, labelled split and
schedule. In a panel with a ``baseline`` entry, every bar is a method's
mean mIoU minus the baseline's, with an error bar of
``sqrt(std_method ** 2 + std_baseline ** 2)`` over the seeds; the baseline
itself sits at 0 with its own std. A panel without a baseline plots
absolute mIoU and says so.
"""
import math
import re
import textwrap
from dataclasses import dataclass
from typing import List, Optional, Sequence

from .leaderboard import Entry, _opt

# columns a bar names only where the plotted bars differ in them, so that
# e.g. a 900-iteration control is not drawn as the 1000-iteration baseline
_DISTINGUISHING = (('schedule', '{}'), ('adv_weight', 'λ_adv {}'))
_CROP = re.compile(r'-\d+x\d+$')


def bar_labels(entries: Sequence[Entry]) -> List[str]:
    """The label of each entry's bar: short, the split is the panel's.

    The method and, for GAN-aug, the synthetic share and set; the
    schedule and λ_adv where the entries differ in them.
    """
    extra = [(name, fmt) for name, fmt in _DISTINGUISHING
             if len({_opt(getattr(e.first, name)) for e in entries}) > 1]
    labels = []
    for e in entries:
        r = e.first
        label = r.method
        if r.synthetic_ratio is not None:
            label += '\n' + textwrap.fill(
                f'ratio {_opt(r.synthetic_ratio)}, {r.synthetic}', 40)
        for name, fmt in extra:
            value = getattr(r, name)
            if value is not None:
                label += '\n' + textwrap.fill(fmt.format(_opt(value)), 40)
        labels.append(label)
    return labels


def benchmark_name(config_name: str) -> str:
    """``..._camvid-half-128x160`` -> ``camvid-half``."""
    return _CROP.sub('', config_name.rsplit('_', 1)[-1])


@dataclass
class Panel:
    """Entries of one benchmark, split and budget, and their baseline."""
    title: str
    entries: List[Entry]
    baseline: Optional[Entry]

    def bars(self) -> List[tuple]:
        """``(value, error)`` per entry: the difference to the baseline's
        mean with the combined std, or mean ± std without a baseline."""
        if self.baseline is None:
            return [e.stat(e.metric) for e in self.entries]
        base_mean, base_std = self.baseline.stat(self.baseline.metric)
        out = []
        for e in self.entries:
            mean, std = e.stat(e.metric)
            if e is self.baseline:
                out.append((0.0, std))
            else:
                out.append((mean - base_mean, math.hypot(std, base_std)))
        return out


def split_panels(entries: Sequence[Entry]) -> List[Panel]:
    """Group entries by benchmark, backbone, crop, split and schedule.

    The baseline of a panel is its entry whose method is ``baseline``
    (with several, the one with the most seeds); it is drawn first.
    """
    groups = {}
    for e in entries:
        r = e.first
        key = (benchmark_name(r.config_name), r.backbone, r.crop,
               r.labeled, r.schedule)
        groups.setdefault(key, []).append(e)
    vary_model = len({k[1:3] for k in groups}) > 1
    panels = []
    for (bench, backbone, crop, labeled, schedule), members in \
            groups.items():
        bases = [e for e in members if e.first.method == 'baseline']
        base = max(bases, key=lambda e: len(e.runs)) if bases else None
        if base is not None:
            members = [base] + [e for e in members if e is not base]
        split = 'all labels' if labeled == 'full' else \
            f"labelled {labeled.removesuffix('.txt')}"
        title = f'{bench}, {split}, {schedule}'
        if vary_model:
            title += f', {backbone} {crop}'
        if base is None:
            title += f' (no baseline run: absolute {members[0].metric})'
        else:
            mean, std = base.stat(base.metric)
            title += f': baseline {mean:.2f} ± {std:.2f}'
        panels.append(Panel(title, members, base))
    return panels


def draw_leaderboard(entries: Sequence[Entry], title: str = 'val mIoU'):
    """The chart as a matplotlib figure, one panel per :class:`Panel`."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = split_panels(entries)
    heights = [len(p.entries) + 1.5 for p in panels]
    fig, axes = plt.subplots(
        len(panels), 1, squeeze=False,
        figsize=(9, 1.0 + 0.45 * sum(heights)),
        gridspec_kw=dict(height_ratios=heights))
    for ax, panel in zip(axes[:, 0], panels):
        bars = panel.bars()
        y = list(range(len(bars)))[::-1]
        colors = ['#8c8c8c' if e is panel.baseline or panel.baseline is None
                  else '#55a868' if v > 0 else '#c44e52'
                  for e, (v, _) in zip(panel.entries, bars)]
        ax.barh(y, [v for v, _ in bars], xerr=[s for _, s in bars],
                capsize=3, color=colors, height=0.6)
        for yi, e, (v, s) in zip(y, panel.entries, bars):
            sign = '' if panel.baseline is None else '+' if v >= 0 else ''
            ax.annotate(f' {sign}{v:.2f} ± {s:.2f} (n={len(e.runs)})',
                        (max(v, 0) + s, yi), va='center', fontsize=7)
        ax.set_yticks(y, bar_labels(panel.entries), fontsize=7)
        ax.axvline(0, color='black', linewidth=0.8)
        ax.set_title(panel.title, fontsize=9, loc='left')
        metric = panel.entries[0].metric
        ax.set_xlabel(metric if panel.baseline is None else
                      f'Δ {metric} vs the baseline', fontsize=8)
        ax.margins(x=0.25)
    # wrapped: a long title is not cut at the figure's edges
    fig.suptitle(textwrap.fill(
        f'{title}: mean difference to the split\'s baseline; '
        'error bar √(std² + baseline std²) over seeds', 110), fontsize=9)
    fig.tight_layout()
    return fig


def plot_bars(entries: Sequence[Entry], path: str,
              title: str = 'val mIoU') -> None:
    """Write :func:`draw_leaderboard` to ``path`` (PNG)."""
    import matplotlib.pyplot as plt
    fig = draw_leaderboard(entries, title)
    fig.savefig(path, dpi=120)
    plt.close(fig)
