"""Line, scatter, histogram and bar plots drawn with plotext, as Rich Text.

Each plot gets its own plotext figure object instead of plotext's module-level figure, so a
plot built in a worker thread and one built on the UI thread never share state.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from plotext._figure import _figure_class as PlotextFigure
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

# series colours in plotext names; train/val curves take the first two
SERIES_COLORS = ["blue+", "orange+", "green+", "red+", "magenta+", "cyan+", "gray+"]
# without colour, series are told apart by their marker (and the legend shows it)
MONO_MARKERS = ["•", "+", "x", "o", "*", "#", "="]

# plotting more points than the plot has pixels only costs time: beyond this many points per
# series, points are reduced to the min and max of each bucket (spikes stay visible)
MAX_POINTS_PER_SERIES = 600

DEFAULT_WIDTH = 80


def plot_height(width: int) -> int:
    """A height that suits a plot `width` columns wide (terminal cells are about 1:2)."""
    return max(10, min(24, width // 3))


class FitWidth:
    """A renderable built only when Rich knows the width it may use and whether the terminal
    shows colour.

    `dltutor exec` prints to terminals of any width and a Textual Static re-renders on resize;
    both pass the available width in ConsoleOptions, so plots follow the terminal. A terminal
    without colour (or NO_COLOR set) gets the monochrome drawing, whose shades and markers
    still carry the information that colour would.
    """

    def __init__(
        self, build: Callable[[int, bool], object], width: int | None = None, color: bool = True
    ):
        self.build = build
        self.width = width
        self.color = color

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(20, min(self.width or options.max_width, options.max_width))
        color = self.color and console.color_system is not None and not console.no_color
        try:
            renderable = self.build(width, color)
        except Exception as exc:  # lesson data is untrusted: show what went wrong, keep going
            renderable = Text(f"[cannot display this: {type(exc).__name__}: {exc}]", style="dim")
        yield renderable


class WithoutColor:
    """Renders another renderable with every colour removed (bold, reverse and so on stay)."""

    def __init__(self, renderable):
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments = console.render(self.renderable, options)
        yield from Segment.remove_color(segments)


@dataclass
class Series:
    """One labelled series of a plot: x and y values, drawn as a line or as points."""

    label: str
    x: list[float]
    y: list[float]
    style: str = "line"  # "line" | "scatter"


def _finite_pairs(xs: Sequence, ys: Sequence) -> tuple[list[float], list[float]]:
    """Drop points whose x or y is missing (None stands for NaN/inf in events) or not finite."""
    out_x, out_y = [], []
    for x, y in zip(xs, ys):
        if x is None or y is None:
            continue
        x, y = float(x), float(y)
        if math.isfinite(x) and math.isfinite(y):
            out_x.append(x)
            out_y.append(y)
    return out_x, out_y


def decimate(xs: list[float], ys: list[float], limit: int = MAX_POINTS_PER_SERIES):
    """Reduce a long series to the min and max y of `limit // 2` buckets, in x order."""
    n = len(xs)
    if n <= limit:
        return xs, ys
    buckets = limit // 2
    x = np.asarray(xs)
    y = np.asarray(ys)
    bounds = np.linspace(0, n, buckets + 1).astype(int)
    keep: list[int] = []
    for start, stop in itertools.pairwise(bounds):
        if stop <= start:
            continue
        chunk = y[start:stop]
        lo, hi = start + int(np.argmin(chunk)), start + int(np.argmax(chunk))
        keep.extend(sorted({lo, hi}))
    return x[keep].tolist(), y[keep].tolist()


def _new_figure(width: int, height: int, color: bool) -> PlotextFigure:
    fig = PlotextFigure()
    fig.theme("pro" if color else "clear")
    # the size is ours to choose: plotext would otherwise clip it to the real terminal's size,
    # which is wrong for Textual widgets and for output that is not a terminal at all
    fig._limit_size(False, False)
    fig.plotsize(width, height)
    return fig


def _to_text(fig: PlotextFigure, color: bool) -> Text:
    ansi = fig.build().rstrip("\n")
    if not color:
        # the "clear" theme still writes reset codes; a monochrome plot carries none at all
        return Text(Text.from_ansi(ansi).plain)
    return Text.from_ansi(ansi)


def _labels(fig: PlotextFigure, title: str, xlabel: str, ylabel: str) -> None:
    if title:
        fig.title(title)
    if xlabel:
        fig.xlabel(xlabel)
    if ylabel:
        fig.ylabel(ylabel)


def _integer_ticks(fig: PlotextFigure, xs: list[float], width: int) -> None:
    """Training steps and epochs are whole numbers: label the x axis with whole numbers."""
    if not xs or any(x != int(x) for x in xs):
        return
    lo, hi = int(min(xs)), int(max(xs))
    if hi - lo < 2:
        return
    count = max(2, min(6, width // 14))
    ticks = sorted({round(t) for t in np.linspace(lo, hi, count)})
    fig.xticks(ticks, [str(t) for t in ticks])


def series_plot(
    series: Sequence[Series],
    *,
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    width: int = DEFAULT_WIDTH,
    height: int | None = None,
    color: bool = True,
) -> Text:
    """Lines and/or scatter points, each series in its own colour (or marker) with a legend."""
    height = height or plot_height(width)
    fig = _new_figure(width, height, color)
    _labels(fig, title, xlabel, ylabel)
    drawn = 0
    all_x: list[float] = []
    for i, s in enumerate(series):
        xs, ys = _finite_pairs(s.x, s.y)
        if not xs:
            continue
        if s.style == "line":
            xs, ys = decimate(xs, ys)
        kwargs: dict = {"label": s.label or None}
        if color:
            kwargs["color"] = SERIES_COLORS[i % len(SERIES_COLORS)]
            if s.style == "scatter":
                kwargs["marker"] = "●"
        else:
            kwargs["marker"] = MONO_MARKERS[i % len(MONO_MARKERS)]
        draw = fig.scatter if s.style == "scatter" else fig.plot
        draw(xs, ys, **kwargs)
        all_x.extend((xs[0], xs[-1]))
        drawn += 1
    if not drawn:
        return Text(f"{title}: no finite values to plot" if title else "no finite values to plot")
    _integer_ticks(fig, all_x, width)
    return _to_text(fig, color)


def hist_plot(
    edges: Sequence[float],
    counts: Sequence[float],
    *,
    title: str = "",
    width: int = DEFAULT_WIDTH,
    height: int | None = None,
    color: bool = True,
) -> Text:
    """A histogram from bin edges (len n+1) and counts (len n), bars at the bin centres."""
    height = height or plot_height(width)
    if len(edges) != len(counts) + 1 or not counts:
        return Text(f"{title}: histogram needs n+1 edges for n counts")
    centres = [(float(a) + float(b)) / 2 for a, b in itertools.pairwise(edges)]
    bin_width = (float(edges[-1]) - float(edges[0])) / len(counts) if len(counts) else 1.0
    fig = _new_figure(width, height, color)
    _labels(fig, title, "value", "count")
    kwargs: dict = {"color": SERIES_COLORS[0]} if color else {"marker": "█"}
    # plotext's bar width is a fraction of the gap between bars: 1.0 makes bins touch
    fig.bar(centres, [float(c or 0) for c in counts], width=1.0, **kwargs)
    lo, hi = float(edges[0]), float(edges[-1])
    if hi > lo:
        fig.xlim(lo - bin_width * 0.1, hi + bin_width * 0.1)
        # plotext would label every bar centre with all its digits: a few round ticks read better
        ticks = np.linspace(lo, hi, max(2, min(6, width // 14)))
        fig.xticks(list(ticks), [f"{t:.3g}" for t in ticks])
    return _to_text(fig, color)


def bar_plot(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    width: int = DEFAULT_WIDTH,
    height: int | None = None,
    color: bool = True,
) -> Text:
    """Bars with text labels; horizontal when there are many labels or long ones."""
    labels = [str(label) for label in labels]
    numbers = [float(v) if v is not None else 0.0 for v in values]
    if not labels:
        return Text(f"{title}: no bars")
    horizontal = len(labels) > 8 or max(len(label) for label in labels) > 8
    if height is None:
        height = max(8, min(30, 2 * len(labels) + 5)) if horizontal else plot_height(width)
    fig = _new_figure(width, height, color)
    _labels(fig, title, "", "")
    kwargs: dict = {"color": SERIES_COLORS[0]} if color else {"marker": "█"}
    if horizontal:
        # plotext draws the first horizontal bar at the bottom; readers expect it on top
        fig.bar(labels[::-1], numbers[::-1], orientation="horizontal", **kwargs)
    else:
        fig.bar(labels, numbers, **kwargs)
    return _to_text(fig, color)


@dataclass
class Curve:
    """A live training curve: one or more named series (train, val) growing point by point."""

    id: str
    title: str
    series: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)

    def add(self, x: float, values: dict[str, float | None]) -> None:
        for name, y in values.items():
            xs, ys = self.series.setdefault(name, ([], []))
            xs.append(x)
            ys.append(y)

    @property
    def point_count(self) -> int:
        """Points received, counted once per x (a step with train and val is one point)."""
        return max((len(xs) for xs, _ in self.series.values()), default=0)

    def render(self, width: int = DEFAULT_WIDTH, height: int | None = None, color: bool = True):
        if not self.series:
            return Text(f"{self.title}: waiting for points…")
        series = [Series(name, xs, ys) for name, (xs, ys) in self.series.items()]
        return series_plot(
            series, title=self.title, xlabel="step", width=width, height=height, color=color
        )


def add_curve_event(curve: Curve, event: dict) -> None:
    x = event.get("x")
    values = event.get("values") or {}
    if x is None:
        x = curve.point_count
    curve.add(float(x), {str(k): v for k, v in values.items()})
