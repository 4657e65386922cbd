"""Heatmaps, images and decision regions in coloured half-block characters.

A terminal cell is about twice as tall as it is wide, so each cell shows two square pixels:
"▀" with the foreground colour for the upper pixel and the background colour for the lower
one. Without colour, values become shade characters (" ░▒▓█") and classes become patterns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

RGB = tuple[int, int, int]

UPPER_HALF = "▀"
SHADES = " ░▒▓█"
NAN_RGB: RGB = (255, 0, 255)  # magenta stands out from every colour map used here
NAN_CHAR = "?"

# viridis sampled at 9 evenly spaced points; perceptually uniform and readable when printed
VIRIDIS: list[RGB] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
]
# tab10: distinct class colours; regions use a darkened copy so points stand out on top
CLASS_RGB: list[RGB] = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
]
CLASS_SHADES = " ░▒▓█"  # region pattern per class without colour

MAX_REGION_PIXEL_ROWS = 48  # 24 lines

# a matrix this small prints its values in each cell (confusion matrices, small attention maps)
MAX_VALUE_CELLS = 12


def to_array(data) -> np.ndarray:
    """Nested lists from an event (None for NaN/inf) as a float array."""
    if isinstance(data, np.ndarray):
        return data.astype(float)

    def clean(x):
        if isinstance(x, list | tuple):
            return [clean(v) for v in x]
        return math.nan if x is None else x

    return np.asarray(clean(data), dtype=float)


def viridis(t: float) -> RGB:
    """The colour of `t` in [0, 1] on the viridis map (linear between samples)."""
    if not math.isfinite(t):
        return NAN_RGB
    t = min(1.0, max(0.0, t)) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    f = t - i
    a, b = VIRIDIS[i], VIRIDIS[i + 1]
    return (
        round(a[0] + (b[0] - a[0]) * f),
        round(a[1] + (b[1] - a[1]) * f),
        round(a[2] + (b[2] - a[2]) * f),
    )


def grey(t: float) -> RGB:
    if not math.isfinite(t):
        return NAN_RGB
    v = round(min(1.0, max(0.0, t)) * 255)
    return (v, v, v)


def shade(t: float) -> str:
    """A shade character for `t` in [0, 1]."""
    if not math.isfinite(t):
        return NAN_CHAR
    t = min(1.0, max(0.0, t))
    return SHADES[min(len(SHADES) - 1, int(t * len(SHADES)))]


def class_rgb(label: int, region: bool = False) -> RGB:
    r, g, b = CLASS_RGB[int(label) % len(CLASS_RGB)]
    if region:
        # a darker tint of the class colour: readable on dark and light terminals alike
        return (round(r * 0.45), round(g * 0.45), round(b * 0.45))
    return (r, g, b)


def _rgb_style(fg: RGB | None, bg: RGB | None, cache: dict) -> Style:
    key = (fg, bg)
    style = cache.get(key)
    if style is None:
        style = Style(
            color=f"rgb({fg[0]},{fg[1]},{fg[2]})" if fg else None,
            bgcolor=f"rgb({bg[0]},{bg[1]},{bg[2]})" if bg else None,
        )
        cache[key] = style
    return style


def half_block_lines(pixels: list[list[RGB]]) -> list[Text]:
    """Pixel rows (RGB) as lines of "▀" cells: two pixel rows per line."""
    cache: dict = {}
    lines = []
    for top in range(0, len(pixels), 2):
        upper = pixels[top]
        lower = pixels[top + 1] if top + 1 < len(pixels) else None
        line = Text()
        for x, fg in enumerate(upper):
            bg = lower[x] if lower is not None else None
            line.append(UPPER_HALF, _rgb_style(fg, bg, cache))
        lines.append(line)
    return lines


def _normalise(arr: np.ndarray, vmin: float | None, vmax: float | None):
    finite = arr[np.isfinite(arr)]
    lo = float(finite.min()) if vmin is None and finite.size else (vmin or 0.0)
    hi = (
        float(finite.max()) if vmax is None and finite.size else (vmax if vmax is not None else 1.0)
    )
    if hi <= lo:
        hi = lo + 1.0
    with np.errstate(invalid="ignore"):
        return (arr - lo) / (hi - lo), lo, hi


def _block_mean(arr: np.ndarray, fy: int, fx: int) -> np.ndarray:
    """Shrink by averaging fy x fx blocks (the array is padded with edge values)."""
    if fy == 1 and fx == 1:
        return arr
    h, w = arr.shape[:2]
    ph, pw = -h % fy, -w % fx
    pad = [(0, ph), (0, pw)] + [(0, 0)] * (arr.ndim - 2)
    arr = np.pad(arr, pad, mode="edge")
    h2, w2 = arr.shape[0] // fy, arr.shape[1] // fx
    shaped = arr.reshape(h2, fy, w2, fx, *arr.shape[2:])
    with np.errstate(invalid="ignore"):
        return (
            np.nanmean(shaped, axis=(1, 3)) if np.isnan(shaped).any() else shaped.mean(axis=(1, 3))
        )


def _fit(arr: np.ndarray, max_w: int, max_h: int, min_w: int = 0) -> np.ndarray:
    """Scale an (H, W[, 3]) array to fit max_w x max_h pixels: shrink by block means, or
    enlarge small images by an integer factor (nearest) so an 8x8 digit is not a dot."""
    h, w = arr.shape[:2]
    fx = math.ceil(w / max_w) if w > max_w else 1
    fy = math.ceil(h / max_h) if h > max_h else 1
    f = max(fx, fy)
    if f > 1:
        return _block_mean(arr, f, f)
    up = 1
    if min_w and w < min_w:
        up = max(1, min(min_w // w, max_w // w, max_h // max(h, 1)))
    if up > 1:
        arr = np.repeat(np.repeat(arr, up, axis=0), up, axis=1)
    return arr


def colour_bar(lo: float, hi: float, color: bool, cells: int = 20, fmt: str = ".3g") -> Text:
    """The value legend: min, the colour (or shade) ramp, max."""
    text = Text(f"{lo:{fmt}} ")
    if color:
        cache: dict = {}
        for i in range(cells):
            t = i / (cells - 1)
            text.append(" ", _rgb_style(None, viridis(t), cache))
    else:
        text.append("[" + SHADES + "]")
    text.append(f" {hi:{fmt}}")
    return text


def _titled(title: str, body: list, legend: Text | None = None) -> Group:
    parts: list = []
    if title:
        parts.append(Text(title, style="bold"))
    parts.extend(body)
    if legend is not None:
        parts.append(legend)
    return Group(*parts)


def _value_format(arr: np.ndarray) -> str:
    finite = arr[np.isfinite(arr)]
    if finite.size and np.all(finite == np.round(finite)) and np.abs(finite).max() < 1e9:
        return ".0f"
    biggest = float(np.abs(finite).max()) if finite.size else 0.0
    if biggest < 10:
        return ".2f"
    if biggest < 1000:
        return ".1f"
    return ".2g"


def _text_on(bg: RGB) -> RGB:
    """Black or white, whichever reads better on `bg`."""
    luminance = 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2]
    return (0, 0, 0) if luminance > 140 else (255, 255, 255)


def rjust_cells(text: str, width: int) -> str:
    """Right-justify by terminal cells (a CJK token is two cells wide)."""
    return " " * max(0, width - cell_len(text)) + text


def center_cells(text: str, width: int) -> str:
    text = set_cell_size(text, min(cell_len(text), width))
    spare = width - cell_len(text)
    return " " * (spare // 2) + text + " " * (spare - spare // 2)


def _column_header(
    cols: list[str], cell_w: int, label_w: int, over_values: bool = False
) -> list[Text]:
    """Column labels across the top; written downwards when they do not fit their cells.
    Over printed values a label is right-aligned like the numbers below it."""
    if over_values and all(cell_len(c) < cell_w for c in cols):
        line = Text(" " * (label_w + 1))
        for c in cols:
            line.append(rjust_cells(c, cell_w - 1) + " ", style="bold")
        return [line]
    if all(cell_len(c) <= cell_w for c in cols):
        line = Text(" " * (label_w + 1))
        for c in cols:
            line.append(center_cells(c, cell_w), style="bold")
        return [line]
    depth = min(8, max(len(c) for c in cols))
    lines = []
    for k in range(depth):
        line = Text(" " * (label_w + 1))
        for c in cols:
            ch = c[k] if k < len(c) else " "
            line.append(center_cells(ch if cell_len(ch) <= cell_w else "·", cell_w), style="bold")
        lines.append(line)
    return lines


def heatmap(
    data,
    *,
    rows: Sequence[str] | None = None,
    cols: Sequence[str] | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    title: str = "",
    width: int = 80,
    color: bool = True,
) -> Group:
    """A matrix as coloured cells with a min..max legend.

    Small matrices (<= 12x12) print their values in full-width cells; matrices with row or
    column labels (attention weights over tokens) get one line per row so labels line up;
    large unlabelled matrices use half-block pixels.
    """
    arr = to_array(data)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.size == 0:
        return _titled(title, [Text(f"cannot draw a heatmap of shape {arr.shape}")])
    norm, lo, hi = _normalise(arr, vmin, vmax)
    n_rows, n_cols = arr.shape
    row_labels = [str(r) for r in rows] if rows else None
    col_labels = [str(c) for c in cols] if cols else None
    label_w = max((cell_len(r) for r in row_labels), default=0) if row_labels else 0
    fmt = _value_format(arr)
    show_values = n_rows <= MAX_VALUE_CELLS and n_cols <= MAX_VALUE_CELLS
    if show_values:
        values = [[("nan" if not math.isfinite(v) else f"{v:{fmt}}") for v in row] for row in arr]
        # a leading shade character carries the value's level when there is no colour
        cell_w = max(len(v) for row in values for v in row) + (2 if color else 3)
        cell_w = max(cell_w, max((cell_len(c) for c in col_labels or []), default=0) + 1)
        if label_w + 1 + n_cols * cell_w > width:
            show_values = False
    legend = colour_bar(lo, hi, color, fmt=".3g")
    if show_values or row_labels or col_labels:
        if not show_values:
            cell_w = 2 if label_w + 1 + 2 * n_cols <= width else 1
        if label_w + 1 + n_cols * cell_w <= width and n_rows <= 64:
            body = _cell_lines(
                arr,
                norm,
                values if show_values else None,
                cell_w,
                row_labels,
                col_labels,
                label_w,
                color,
            )
            return _titled(title, body, legend)
    # half-block pixels, shrunk to the width (and a sensible height)
    small = _fit(norm, width, 64, min_w=24)
    if color:
        pixels = [[viridis(v) for v in row] for row in small]
        body = half_block_lines(pixels)
    else:
        pairs = [np.nanmean(small[i : i + 2], axis=0) for i in range(0, len(small), 2)]
        body = [Text("".join(shade(v) for v in row)) for row in pairs]
    return _titled(title, body, legend)


def _cell_lines(arr, norm, values, cell_w, row_labels, col_labels, label_w, color) -> list[Text]:
    lines: list[Text] = []
    if col_labels:
        lines.extend(_column_header(col_labels, cell_w, label_w, values is not None))
    cache: dict = {}
    for i in range(arr.shape[0]):
        line = Text()
        if label_w:
            label = row_labels[i] if row_labels and i < len(row_labels) else ""
            line.append(rjust_cells(label, label_w) + " ", style="bold")
        for j in range(arr.shape[1]):
            t = float(norm[i, j])
            if values is not None:
                cell = values[i][j].rjust(cell_w - 1) + " "
                if color:
                    bg = viridis(t)
                    line.append(cell, _rgb_style(_text_on(bg), bg, cache))
                else:
                    line.append(shade(t) + cell[1:], style="bold" if t >= 0.5 else "")
            elif color:
                line.append(" " * cell_w, _rgb_style(None, viridis(t), cache))
            else:
                line.append(shade(t) * cell_w)
        lines.append(line)
    return lines


def _image_array(data) -> np.ndarray:
    """(H, W) grey or (H, W, 3) RGB in [0, 1]; other ranges are rescaled, NaN becomes 0."""
    arr = to_array(data)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[:, :, :3]
    finite = arr[np.isfinite(arr)]
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        lo, hi = float(finite.min()), float(finite.max())
        arr = (arr - lo) / (hi - lo) if hi > lo else np.zeros_like(arr)
    return np.nan_to_num(arr, nan=0.0)


def image_lines(data, *, width: int = 80, color: bool = True, min_width: int = 24) -> list[Text]:
    """An image as lines of text: half-block pixels, or shade characters without colour."""
    arr = _image_array(data)
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[2] == 3)) or arr.size == 0:
        return [Text(f"cannot draw an image of shape {arr.shape}")]
    if color:
        arr = _fit(arr, width, 96, min_width)
        if arr.ndim == 2:
            pixels = [[grey(v) for v in row] for row in arr]
        else:
            pixels = [[tuple(round(c * 255) for c in px) for px in row] for row in arr]
        return half_block_lines(pixels)
    lum = arr if arr.ndim == 2 else arr @ np.array([0.299, 0.587, 0.114])
    if 2 * lum.shape[1] <= width and lum.shape[0] <= 32:
        # two characters per pixel and one line per pixel row keeps the image square
        lum = _fit(lum, width // 2, 32, min_width // 2)
        return [Text("".join(shade(v) * 2 for v in row)) for row in lum]
    lum = _fit(lum, width, 96, min_width)
    pairs = [(lum[i] + lum[min(i + 1, len(lum) - 1)]) / 2 for i in range(0, len(lum), 2)]
    return [Text("".join(shade(v) for v in row)) for row in pairs]


def image(data, *, title: str = "", width: int = 80, color: bool = True) -> Group:
    return _titled(title, image_lines(data, width=width, color=color))


def image_grid(
    items: Sequence[dict], *, title: str = "", width: int = 80, color: bool = True
) -> Group:
    """Several images side by side (conv filters, feature maps, samples), wrapped to the width."""
    tiles = []
    for item in items:
        lines = image_lines(item.get("data"), width=width, color=color, min_width=16)
        caption = str(item.get("title") or "")
        tile_w = max([line.cell_len for line in lines] + [1])
        tiles.append((caption, lines, tile_w))
    if not tiles:
        return _titled(title, [Text("no images")])
    gap = 2
    tile_w = max(w for _, _, w in tiles)
    per_row = max(1, (width + gap) // (tile_w + gap))
    grid = Table.grid(padding=(0, gap, 1, 0))
    for _ in range(per_row):
        grid.add_column(width=tile_w, no_wrap=True)
    for start in range(0, len(tiles), per_row):
        row = []
        for caption, lines, _ in tiles[start : start + per_row]:
            cell = [Text(caption[:tile_w], style="bold")] if caption else []
            row.append(Group(*cell, *lines))
        grid.add_row(*row)
    return _titled(title, [grid])


def regions(
    grid,
    extent: Sequence[float],
    points: Sequence[Sequence[float]] = (),
    *,
    title: str = "",
    width: int = 80,
    color: bool = True,
) -> Group:
    """Decision regions of a 2-D classifier with the data points on top.

    `grid[r][c]` is the class predicted at x = linspace(xmin, xmax, C)[c] and
    y = linspace(ymin, ymax, R)[r] (row 0 is ymin, as np.meshgrid(xs, ys) gives), drawn
    with ymax at the top.
    """
    classes = np.asarray(to_array(grid), dtype=float)
    if classes.ndim != 2 or classes.size == 0 or len(extent) != 4:
        return _titled(title, [Text("cannot draw decision regions: need a 2-D grid and extent")])
    xmin, xmax, ymin, ymax = (float(v) for v in extent)
    grid_h, grid_w = classes.shape
    y_label_w = max(len(f"{ymin:.3g}"), len(f"{ymax:.3g}"))
    span_x = (xmax - xmin) or 1.0
    span_y = (ymax - ymin) or 1.0
    # half-block pixels are about square, so keep the data's aspect ratio (a circle stays round)
    aspect = abs(span_y / span_x)
    cols = max(8, min(width - y_label_w - 2, 72))
    pixel_rows = round(cols * aspect)
    if pixel_rows > MAX_REGION_PIXEL_ROWS:
        pixel_rows = MAX_REGION_PIXEL_ROWS
        cols = max(8, min(cols, round(pixel_rows / aspect)))
    pixel_rows = max(8, pixel_rows // 2 * 2)
    # pixel (row from the top, col) -> grid cell (nearest sample)
    gy = ((pixel_rows - 1 - np.arange(pixel_rows)) * grid_h // pixel_rows).clip(0, grid_h - 1)
    gx = (np.arange(cols) * grid_w // cols).clip(0, grid_w - 1)
    region = classes[gy][:, gx]
    marks: dict[tuple[int, int], int] = {}  # (line, col) -> class of a point drawn there
    for point in points:
        if len(point) < 3 or any(v is None for v in point[:3]):
            continue
        px, py, label = float(point[0]), float(point[1]), int(point[2])
        col = round((px - xmin) / span_x * (cols - 1))
        row = round((ymax - py) / span_y * (pixel_rows - 1))
        if 0 <= col < cols and 0 <= row < pixel_rows:
            marks[(row // 2, col)] = label
    cache: dict = {}
    body: list[Text] = []
    n_lines = pixel_rows // 2
    for line_no in range(n_lines):
        if line_no == 0:
            label = f"{ymax:.3g}"
        elif line_no == n_lines - 1:
            label = f"{ymin:.3g}"
        else:
            label = ""
        line = Text(label.rjust(y_label_w) + " ┤" if label else " " * y_label_w + " │")
        for col in range(cols):
            upper = region[2 * line_no, col]
            lower = region[2 * line_no + 1, col]
            mark = marks.get((line_no, col))
            if color:
                top_rgb = class_rgb(int(upper), region=True) if math.isfinite(upper) else None
                low_rgb = class_rgb(int(lower), region=True) if math.isfinite(lower) else None
                if mark is not None:
                    line.append("●", _rgb_style(class_rgb(mark), top_rgb, cache))
                else:
                    line.append(UPPER_HALF, _rgb_style(top_rgb, low_rgb, cache))
            elif mark is not None:
                line.append(str(mark % 10), style="bold")
            else:
                cls = int(upper) if math.isfinite(upper) else 0
                line.append(CLASS_SHADES[cls % len(CLASS_SHADES)])
        body.append(line)
    x_axis = Text(" " * (y_label_w + 1) + "└" + "─" * cols)
    lo, hi = f"{xmin:.3g}", f"{xmax:.3g}"
    x_ticks = Text(" " * (y_label_w + 2) + lo + " " * max(1, cols - len(lo) - len(hi)) + hi)
    body += [x_axis, x_ticks]
    labels = sorted({int(v) for v in classes.flat if math.isfinite(v)} | set(marks.values()))
    legend = Text()
    for label in labels:
        if color:
            legend.append("●", _rgb_style(class_rgb(label), None, cache))
            legend.append(" ")
            legend.append("██", _rgb_style(class_rgb(label, region=True), None, cache))
            legend.append(f" class {label}   ")
        else:
            pattern = CLASS_SHADES[label % len(CLASS_SHADES)] * 2
            legend.append(f"{label % 10} [{pattern}] class {label}   ")
    return _titled(title, body, legend)
