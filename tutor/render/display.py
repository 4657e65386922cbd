"""Display events (docs/display-events.md) as Rich renderables.

One implementation serves `dltutor exec`/`show` (printed by a Rich Console) and the TUI (each
renderable shown in a Textual Static). Without an explicit width, plots and images are built
when Rich renders them, at the width it offers, so they follow the terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.render import heatmap as heat
from tutor.render.plot import (
    Curve,
    FitWidth,
    Series,
    WithoutColor,
    add_curve_event,
    bar_plot,
    hist_plot,
    series_plot,
)
from tutor.render.shapes import shape_table

TRACEBACK_LINES = 30  # a traceback longer than this keeps its last lines (where the error is)

Renderer = Callable[[dict, int | None, bool], object]


def _sized(build: Callable[[int, bool], object], width: int | None, color: bool) -> FitWidth:
    """Built at render time: at `width`, or at whatever width Rich offers when it is None."""
    return FitWidth(build, width, color)


def _title(event: dict) -> str:
    return str(event.get("title") or "")


def _render_stream(event: dict, width: int | None, color: bool):
    style = "red" if event.get("name") == "stderr" else ""
    return Text(str(event.get("text") or ""), style=style)


def _render_curve(event: dict, width: int | None, color: bool):
    # a lone point; CurveBook gathers the points of one id into a plot
    values = event.get("values") or {}
    parts = ", ".join(
        f"{k}={v:.4g}" if isinstance(v, int | float) else f"{k}={v}" for k, v in values.items()
    )
    return Text(f"{event.get('title') or event.get('id') or 'curve'} @ {event.get('x')}: {parts}")


def _render_plot(event: dict, width: int | None, color: bool):
    series = [
        Series(
            str(s.get("label") or ""),
            list(s.get("x") or []),
            list(s.get("y") or []),
            str(s.get("style") or "line"),
        )
        for s in event.get("series") or []
    ]
    return _sized(
        lambda w, c: series_plot(
            series,
            title=_title(event),
            xlabel=str(event.get("xlabel") or ""),
            ylabel=str(event.get("ylabel") or ""),
            width=w,
            color=c,
        ),
        width,
        color,
    )


def _render_regions(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: heat.regions(
            event.get("grid") or [],
            event.get("extent") or [],
            event.get("points") or [],
            title=_title(event),
            width=w,
            color=c,
        ),
        width,
        color,
    )


def _render_hist(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: hist_plot(
            event.get("edges") or [],
            event.get("counts") or [],
            title=_title(event),
            width=w,
            color=c,
        ),
        width,
        color,
    )


def _render_bar(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: bar_plot(
            event.get("labels") or [],
            event.get("values") or [],
            title=_title(event),
            width=w,
            color=c,
        ),
        width,
        color,
    )


def _render_heatmap(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: heat.heatmap(
            event.get("data") or [],
            rows=event.get("rows"),
            cols=event.get("cols"),
            vmin=event.get("vmin"),
            vmax=event.get("vmax"),
            title=_title(event),
            width=w,
            color=c,
        ),
        width,
        color,
    )


def _render_image(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: heat.image(event.get("data") or [], title=_title(event), width=w, color=c),
        width,
        color,
    )


def _render_images(event: dict, width: int | None, color: bool):
    return _sized(
        lambda w, c: heat.image_grid(
            event.get("items") or [], title=_title(event), width=w, color=c
        ),
        width,
        color,
    )


def _render_table(event: dict, width: int | None, color: bool):
    headers = event.get("headers")
    table = Table(title=_title(event) or None, show_header=bool(headers), header_style="bold")
    rows = event.get("rows") or []
    n_cols = max([len(headers or [])] + [len(r) for r in rows])
    if not n_cols:
        return Text(f"{_title(event) or 'table'}: (empty)")
    for i in range(n_cols):
        table.add_column(str(headers[i]) if headers and i < len(headers) else "")
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    return table


def _render_math(event: dict, width: int | None, color: bool):
    from tutor.render.math import render_math

    latex = str(event.get("latex") or "")
    try:
        return render_math(latex, display=True)
    except Exception as exc:  # a renderer bug must not hide the lesson's equation
        return Panel(Text(latex), title=f"math (not rendered: {exc})", title_align="left")


def _render_markdown(event: dict, width: int | None, color: bool):
    from tutor.render.prose import render_prose

    text = str(event.get("text") or "")
    try:
        return render_prose(text)
    except Exception:  # a renderer bug must not hide the lesson's text
        return Markdown(text)


def _render_shapes(event: dict, width: int | None, color: bool):
    return shape_table(event.get("trace") or [], title=_title(event))


def trim_traceback(traceback: str, limit: int = TRACEBACK_LINES) -> str:
    lines = traceback.rstrip("\n").splitlines()
    if len(lines) <= limit:
        return "\n".join(lines)
    hidden = len(lines) - limit
    return "\n".join([f"… {hidden} earlier lines hidden …", *lines[-limit:]])


def _render_error(event: dict, width: int | None, color: bool):
    ename = str(event.get("ename") or "Error")
    evalue = str(event.get("evalue") or "")
    parts: list = []
    headline = f"{ename}: {evalue}" if evalue else ename
    traceback = trim_traceback(str(event.get("traceback") or ""))
    # a Python traceback ends with the headline: show it once, in red
    if traceback.endswith(headline):
        traceback = traceback[: -len(headline)].rstrip("\n")
    if traceback.strip():
        parts.append(Text(traceback, style="dim"))
    parts.append(Text(headline, style="bold red"))
    explanation = event.get("explanation")
    if explanation:
        parts.append(Text(""))
        parts.append(Text(str(explanation)))
    return Panel(Group(*parts), title=ename, title_align="left", border_style="red")


def _render_test(event: dict, width: int | None, color: bool):
    passed = bool(event.get("passed"))
    line = Text()
    line.append("✓ PASS " if passed else "✗ FAIL ", style="bold green" if passed else "bold red")
    line.append(str(event.get("name") or "test"))
    message = event.get("message")
    if message:
        line.append(f"  {message}", style="" if passed else "red")
    return line


RENDERERS: dict[str, Renderer] = {
    "stream": _render_stream,
    "curve": _render_curve,
    "plot": _render_plot,
    "regions": _render_regions,
    "hist": _render_hist,
    "bar": _render_bar,
    "heatmap": _render_heatmap,
    "image": _render_image,
    "images": _render_images,
    "table": _render_table,
    "math": _render_math,
    "markdown": _render_markdown,
    "shapes": _render_shapes,
    "error": _render_error,
    "test": _render_test,
}


def render_event(event: dict, width: int | None = None, color: bool = True):
    """A Rich renderable for one display event; never raises (a bad event renders a notice)."""
    kind = event.get("kind") if isinstance(event, dict) else None
    renderer = RENDERERS.get(kind) if isinstance(kind, str) else None
    if renderer is None:
        return Text(f"[cannot display an event of kind {kind!r}]", style="dim")
    try:
        renderable = renderer(event, width, color)
    except Exception as exc:  # lesson data is untrusted: show what went wrong, keep going
        return Text(f"[cannot display this {kind} event: {type(exc).__name__}: {exc}]", style="dim")
    return renderable if color else WithoutColor(renderable)


class CurveBook:
    """Accumulates "curve" events by id, so each id is one plot that grows point by point."""

    def __init__(self) -> None:
        self.curves: dict[str, Curve] = {}

    def add(self, event: dict) -> str:
        """Add the event's point to its curve (created on first sight); returns the curve id."""
        curve_id = str(event.get("id") or event.get("title") or "curve")
        curve = self.curves.get(curve_id)
        if curve is None:
            curve = self.curves[curve_id] = Curve(curve_id, str(event.get("title") or curve_id))
        add_curve_event(curve, event)
        return curve_id

    def __contains__(self, curve_id: str) -> bool:
        return curve_id in self.curves

    def __len__(self) -> int:
        return len(self.curves)

    def ids(self) -> list[str]:
        return list(self.curves)

    def curve(self, curve_id: str) -> Curve:
        return self.curves[curve_id]

    def render(
        self,
        curve_id: str,
        width: int | None = None,
        height: int | None = None,
        color: bool = True,
    ):
        """The curve's plot at this size (or at the width Rich offers when width is None)."""
        curve = self.curves[curve_id]
        return _sized(lambda w, c: curve.render(w, height, c), width, color)
