"""Show things from lesson code: curves, plots, heatmaps, images, tables, math, shape traces.

    from tutor import show
    show.curve(step, train=loss, val=val_loss, title="loss")
    show.heatmap(attention, rows=tokens, cols=tokens, title="attention")
    show.shapes(model, x)

Every call becomes one display event (a plain dict, see docs/display-events.md). Inside a
dltutor kernel the event streams to the tutor, which draws it in the TUI or the terminal.
Elsewhere (plain `python file.py`, pytest) it is rendered with Rich on stdout, so lesson code
behaves the same everywhere. `capture()` collects the events instead (for tests).
"""

from __future__ import annotations

import contextlib
import math as _math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

_kernel_sink: Callable[[dict], None] | None = None
_captures: list[list[dict]] = []


def _set_kernel_sink(sink: Callable[[dict], None] | None) -> None:
    """Called by the kernel process: events go to the tutor instead of stdout."""
    global _kernel_sink
    _kernel_sink = sink


@contextlib.contextmanager
def capture() -> Iterator[list[dict]]:
    """Collect the events shown inside the block instead of displaying them."""
    events: list[dict] = []
    _captures.append(events)
    try:
        yield events
    finally:
        _captures.remove(events)


def emit(event: dict) -> None:
    """Send one event (any kind in docs/display-events.md) to wherever displays go.

    Display calls return None so that a notebook cell ending in one echoes nothing.
    """
    if _captures:
        _captures[-1].append(event)
    elif _kernel_sink is not None:
        _kernel_sink(event)
    else:
        _render_here(event)


def _render_here(event: dict) -> None:
    from rich.console import Console

    console = Console()
    try:
        from tutor.render.display import render_event
    except ImportError:
        console.print(summary(event))
        return
    console.print(render_event(event))


def summary(event: dict) -> str:
    """One line of plain text for an event, where nothing can draw it."""
    kind = event.get("kind", "?")
    title = event.get("title") or ""
    if kind == "stream":
        return event.get("text", "")
    if kind == "curve":
        values = ", ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
            for k, v in event.get("values", {}).items()
        )
        return f"[{event.get('id')}] step {event.get('x')}: {values}"
    if kind == "error":
        text = event.get("traceback") or f"{event.get('ename')}: {event.get('evalue')}"
        if event.get("explanation"):
            text += "\n" + event["explanation"]
        return text
    if kind == "test":
        mark = "PASS" if event.get("passed") else "FAIL"
        return f"{mark} {event.get('name')}: {event.get('message', '')}"
    if kind == "math":
        return event.get("latex", "")
    if kind == "markdown":
        return event.get("text", "")
    if kind == "table":
        return f"[table {title}: {len(event.get('rows', []))} rows]"
    if kind in ("heatmap", "image"):
        data = np.asarray(_from_list(event.get("data", [])), dtype=float)
        return f"[{kind} {title}: {'x'.join(map(str, data.shape))}]"
    if kind == "shapes":
        return f"[shape trace {title}: {len(event.get('trace', []))} calls]"
    return f"[{kind} {title}]".replace(" ]", "]")


# -- conversions -------------------------------------------------------------------------------
def _as_array(values: Any) -> np.ndarray:
    """NumPy arrays, torch tensors (without importing torch), lists and numbers."""
    if hasattr(values, "detach") and hasattr(values, "cpu"):
        values = values.detach().cpu().numpy()
    return np.asarray(values, dtype=float)


def _to_list(values: Any) -> list:
    """Nested lists of floats with NaN and infinities as None (JSON has no NaN)."""
    array = _as_array(values)
    if np.isfinite(array).all():
        return array.tolist()
    cells = array.astype(object)
    cells[~np.isfinite(array)] = None
    return cells.tolist()


def _from_list(data: Any) -> Any:
    if isinstance(data, list):
        return [_from_list(d) for d in data]
    return _math.nan if data is None else data


def _number(value: Any) -> float | None:
    value = float(_as_array(value).reshape(-1)[0]) if not isinstance(value, int | float) else value
    return float(value) if _math.isfinite(value) else None


# -- the display calls -------------------------------------------------------------------------
def curve(step: float, title: str = "loss", id: str | None = None, **values: Any) -> None:
    """One point per named series of a live plot: consecutive calls with one id extend it."""
    x = step if isinstance(step, int) else _number(step)
    emit(
        {
            "kind": "curve",
            "id": id or title,
            "title": title,
            "x": x,
            "values": {name: _number(v) for name, v in values.items()},
        }
    )


def plot(x: Any, y: Any = None, title: str = "", xlabel: str = "", ylabel: str = "") -> None:
    """Line plot: plot(x, y), plot(x, {"sigmoid": y1, "tanh": y2}) or plot(y)."""
    if y is None:
        y, x = x, np.arange(len(_as_array(x)))
    xs = _to_list(_as_array(x).reshape(-1))
    named = y if isinstance(y, dict) else {"": y}
    series = [
        {"label": str(label), "x": xs, "y": _to_list(_as_array(ys).reshape(-1)), "style": "line"}
        for label, ys in named.items()
    ]
    emit({"kind": "plot", "title": title, "xlabel": xlabel, "ylabel": ylabel, "series": series})


def scatter(
    X: Any, labels: Any = None, title: str = "", xlabel: str = "x1", ylabel: str = "x2"
) -> None:
    """Points of an (N, 2) array, one series per class label."""
    points = _as_array(X).reshape(-1, 2)
    if labels is None:
        groups = {"points": np.ones(len(points), dtype=bool)}
    else:
        label_array = np.asarray(labels).reshape(-1)
        groups = {f"class {c}": label_array == c for c in np.unique(label_array)}
    series = [
        {
            "label": name,
            "x": _to_list(points[mask, 0]),
            "y": _to_list(points[mask, 1]),
            "style": "scatter",
        }
        for name, mask in groups.items()
    ]
    emit({"kind": "plot", "title": title, "xlabel": xlabel, "ylabel": ylabel, "series": series})


def regions(
    predict: Callable[[np.ndarray], Any],
    X: Any,
    labels: Any,
    resolution: int = 40,
    title: str = "decision regions",
) -> None:
    """Decision regions of a 2-D classifier: `predict` maps (M, 2) points to class ids."""
    points = _as_array(X).reshape(-1, 2)
    lo, hi = points.min(axis=0), points.max(axis=0)
    margin = (hi - lo) * 0.1 + 1e-9
    lo, hi = lo - margin, hi + margin
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)  # row 0 is ymin
    grid_points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    classes = np.asarray(_as_array(predict(grid_points))).reshape(-1)
    grid = classes.reshape(resolution, resolution).round().astype(int).tolist()
    label_array = np.asarray(labels).reshape(-1)
    emit(
        {
            "kind": "regions",
            "title": title,
            "grid": grid,
            "extent": [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])],
            "points": [[float(x), float(y), int(c)] for (x, y), c in zip(points, label_array)],
        }
    )


def hist(values: Any, bins: int = 20, title: str = "") -> None:
    data = _as_array(values).reshape(-1)
    data = data[np.isfinite(data)]
    counts, edges = np.histogram(data, bins=bins)
    emit({"kind": "hist", "title": title, "edges": edges.tolist(), "counts": counts.tolist()})


def bar(labels: Sequence[Any], values: Any, title: str = "") -> None:
    emit(
        {
            "kind": "bar",
            "title": title,
            "labels": [str(x) for x in labels],
            "values": _to_list(_as_array(values).reshape(-1)),
        }
    )


def heatmap(
    matrix: Any,
    rows: Sequence[Any] | None = None,
    cols: Sequence[Any] | None = None,
    title: str = "",
    vmin: float | None = None,
    vmax: float | None = None,
) -> None:
    data = _as_array(matrix)
    if data.ndim == 1:
        data = data[None, :]
    if data.ndim != 2:
        raise ValueError(f"show.heatmap needs a 2-D matrix, got shape {data.shape}")
    finite = data[np.isfinite(data)]
    low = float(finite.min()) if vmin is None and finite.size else (vmin or 0.0)
    high = float(finite.max()) if vmax is None and finite.size else (vmax or 0.0)
    emit(
        {
            "kind": "heatmap",
            "title": title,
            "data": _to_list(data),
            "rows": [str(r) for r in rows] if rows is not None else None,
            "cols": [str(c) for c in cols] if cols is not None else None,
            "vmin": low,
            "vmax": high,
        }
    )


def _image_data(array: Any) -> list:
    """(H, W) grey or (H, W, 3) RGB in [0, 1]; (3, H, W) and other ranges are converted."""
    data = _as_array(array)
    if data.ndim == 3 and data.shape[0] in (1, 3) and data.shape[-1] not in (1, 3):
        data = np.moveaxis(data, 0, -1)  # channels-first (C, H, W) -> (H, W, C)
    if data.ndim == 3 and data.shape[-1] == 1:
        data = data[..., 0]
    if data.ndim not in (2, 3) or (data.ndim == 3 and data.shape[-1] != 3):
        raise ValueError(f"an image must be (H, W) or (H, W, 3), got shape {data.shape}")
    finite = data[np.isfinite(data)]
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        low, high = finite.min(), finite.max()
        data = (data - low) / (high - low) if high > low else np.zeros_like(data)
    return _to_list(data)


def image(array: Any, title: str = "") -> None:
    emit({"kind": "image", "title": title, "data": _image_data(array)})


def images(arrays: Sequence[Any], titles: Sequence[str] | None = None, title: str = "") -> None:
    items = [
        {"title": str(titles[i]) if titles else "", "data": _image_data(a)}
        for i, a in enumerate(arrays)
    ]
    emit({"kind": "images", "title": title, "items": items})


def table(
    rows: Sequence[Sequence[Any]], headers: Sequence[Any] | None = None, title: str = ""
) -> None:
    emit(
        {
            "kind": "table",
            "title": title,
            "headers": [str(h) for h in headers] if headers is not None else None,
            "rows": [[_cell(v) for v in row] for row in rows],
        }
    )


def _cell(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.4g}"
    return str(value)


def math(latex: str) -> None:
    emit({"kind": "math", "latex": str(latex)})


def markdown(text: str) -> None:
    emit({"kind": "markdown", "text": str(text)})


def shapes(model: Callable[..., Any], *inputs: Any, title: str | None = None) -> None:
    """The shape trace of one forward pass: every op's input and output shapes.

    If the forward pass fails with a shape error, the trace up to the failing op is shown
    and the error is raised again.
    """
    try:
        from kernels import trace
    except ImportError as exc:
        raise RuntimeError(
            "show.shapes needs kernels.trace(), which this installation does not have yet"
        ) from exc
    name = title or type(model).__name__
    with contextlib.ExitStack() as stack:
        tracer = stack.enter_context(trace())
        try:
            model(*inputs)
        except Exception:
            stack.close()
            emit({"kind": "shapes", "title": name, "trace": tracer.to_data()})
            raise
    emit({"kind": "shapes", "title": name, "trace": tracer.to_data()})
