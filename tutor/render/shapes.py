"""The tensor-shape trace of a forward pass as a table and as one op at a time.

A trace is the plain data `kernels.trace()` records (see kernels/tracing.py), one dict per call:
{"index", "depth", "path", "name", "kind", "inputs": [shape, ...], "output": shape | [shape, ...]
| None, "params", "formula", "error", "bad_dim": [input_index, dim_index] | None}.
The failing op (its "error" set) is shown in red with the mismatching dimension marked by carets,
which survive a monochrome terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

FAIL_STYLE = "bold red"
BAD_DIM_STYLE = "bold reverse red"
CURRENT_ROW_STYLE = "on grey23"
CURRENT_MARK = "▶"


def _is_shape(value) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(d, int) for d in value)


def format_shape(shape, bad_dim: int | None = None) -> tuple[Text, int | None, int]:
    """A shape as "(64, 3, 32, 32)". Returns the text and where the bad dim starts and its
    width (so a caret line can be drawn under it)."""
    if shape is None:
        return Text("—"), None, 0
    if not _is_shape(shape):
        return Text(str(shape)), None, 0
    text = Text("(")
    start, size = None, 0
    for i, dim in enumerate(shape):
        if i:
            text.append(", ")
        if i == bad_dim:
            start, size = len(text.plain), len(str(dim))
            text.append(str(dim), style=BAD_DIM_STYLE)
        else:
            text.append(str(dim))
    if len(shape) == 1:
        text.append(",")
    text.append(")")
    return text, start, size


def format_inputs(inputs, bad_dim: Sequence[int] | None = None) -> Text:
    """Each input shape on its own line; under the bad input a caret line marks the bad dim."""
    if not inputs:
        return Text("—")
    bad_input, bad_index = (bad_dim[0], bad_dim[1]) if bad_dim and len(bad_dim) == 2 else (-1, -1)
    lines: list[Text] = []
    for i, shape in enumerate(inputs):
        text, start, size = format_shape(shape, bad_index if i == bad_input else None)
        lines.append(text)
        if start is not None:
            lines.append(Text(" " * start + "^" * size, style=FAIL_STYLE))
    return Text("\n").join(lines)


def format_output(output) -> Text:
    if output is None:
        return Text("—")
    if isinstance(output, list | tuple) and output and all(_is_shape(o) for o in output):
        return Text("\n").join(format_shape(o)[0] for o in output)
    return format_shape(output)[0]


def format_params(count) -> str:
    return f"{int(count):,}" if count else "0"


def op_label(entry: dict) -> str:
    """ "features.0 Conv2d": the module path (when there is one) and the op's name."""
    path, name = str(entry.get("path") or ""), str(entry.get("name") or "?")
    if not path:
        return name
    return path if path.endswith(name) else f"{path} {name}"


def format_formula(formula) -> Text:
    """One size formula per line ("H_out = ... = 14; W_out = ... = 14" is two)."""
    return Text("\n".join(part.strip() for part in str(formula or "").split(";")))


def failing_index(trace: Sequence[dict]) -> int | None:
    for i, entry in enumerate(trace):
        if entry.get("error"):
            return i
    return None


class ShapeTable:
    """Every op of a trace, nested by depth; the failing op in red, `current` highlighted.

    Where the terminal is too narrow for a formula column (80 columns usually is), the
    formulas and errors move under the table, numbered like the rows, instead of wrapping
    into a tall column.
    """

    def __init__(self, trace: Sequence[dict], current: int | None = None, title: str = ""):
        self.trace, self.current, self.title = list(trace), current, title

    def table(self, with_notes: bool = True) -> Table:
        table = Table(title=self.title or None, header_style="bold", expand=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("op", no_wrap=True)
        table.add_column("input", no_wrap=True)
        table.add_column("output", no_wrap=True)
        table.add_column("params", justify="right", no_wrap=True)
        if with_notes:
            table.add_column("formula / error")
        for i, entry in enumerate(self.trace):
            failed = bool(entry.get("error"))
            label = Text("  " * int(entry.get("depth") or 0) + op_label(entry))
            if entry.get("kind") == "module" and not failed:
                label.stylize("bold")
            style = FAIL_STYLE if failed else None
            if i == self.current:
                style = f"{style or ''} {CURRENT_ROW_STYLE}".strip()
            cells = [
                f"{CURRENT_MARK if i == self.current else ' '}{i + 1}",
                label,
                format_inputs(entry.get("inputs"), entry.get("bad_dim") if failed else None),
                format_output(entry.get("output")),
                format_params(entry.get("params")),
            ]
            if with_notes:
                cells.append(self.note(entry))
            table.add_row(*cells, style=style)
        total = sum(int(e.get("params") or 0) for e in self.trace)
        bad = failing_index(self.trace)
        table.caption = f"{len(self.trace)} ops · {total:,} parameters"
        if bad is not None:
            table.caption += f" · shape error at op {bad + 1} ({op_label(self.trace[bad])})"
        table.caption_style = FAIL_STYLE if bad is not None else "dim"
        return table

    @staticmethod
    def note(entry: dict) -> Text:
        if entry.get("error"):
            return Text(f"✗ {entry['error']}", style=FAIL_STYLE)
        return format_formula(entry.get("formula"))

    def notes_below(self) -> Text:
        lines = Text()
        for i, entry in enumerate(self.trace):
            if entry.get("error") or entry.get("formula"):
                lines.append(f"{i + 1:>3} ", style="bold")
                note = self.note(entry)
                note.plain = note.plain.replace("\n", "\n    ")
                lines.append_text(note)
                lines.append("\n")
        lines.rstrip()
        return lines

    def __rich_console__(self, console, options):
        wide = self.table(with_notes=True)
        natural = Measurement.get(console, options.update_width(10_000), wide).maximum
        if natural <= options.max_width:
            yield wide
            return
        yield self.table(with_notes=False)
        notes = self.notes_below()
        if notes.plain:
            yield notes

    def __rich_measure__(self, console, options):
        return Measurement.get(console, options, self.table(with_notes=False))


def shape_table(trace: Sequence[dict], current: int | None = None, title: str = "") -> ShapeTable:
    """The trace as a table that fits the width it is drawn at (see ShapeTable)."""
    return ShapeTable(trace, current, title)


def shape_step(trace: Sequence[dict], index: int, context: int = 2) -> Group:
    """One op in detail (input and output shapes, parameters, the size formula with its
    numbers) beneath a short strip of its neighbours with the current op marked."""
    if not trace:
        return Group(Text("no ops recorded"))
    index = max(0, min(index, len(trace) - 1))
    entry = trace[index]
    failed = bool(entry.get("error"))
    strip = Text()
    first, last = max(0, index - context), min(len(trace), index + context + 1)
    if first > 0:
        strip.append("  …\n", style="dim")
    for i in range(first, last):
        e = trace[i]
        line = f"{CURRENT_MARK if i == index else ' '} {i + 1:>3}  "
        line += "  " * int(e.get("depth") or 0) + op_label(e)
        style = FAIL_STYLE if e.get("error") else ("bold" if i == index else "dim")
        strip.append(line + "\n", style=style)
    if last < len(trace):
        strip.append("  …\n", style="dim")
    detail = Table.grid(padding=(0, 2))
    detail.add_column(style="bold", no_wrap=True)
    detail.add_column()
    detail.add_row(
        "input", format_inputs(entry.get("inputs"), entry.get("bad_dim") if failed else None)
    )
    detail.add_row("output", format_output(entry.get("output")))
    detail.add_row("params", format_params(entry.get("params")))
    if entry.get("formula"):
        detail.add_row("formula", format_formula(entry["formula"]))
    if failed:
        detail.add_row(Text("error", style=FAIL_STYLE), Text(str(entry["error"]), style=FAIL_STYLE))
    heading = f"op {index + 1} of {len(trace)}: {op_label(entry)}"
    if entry.get("kind"):
        heading += f" ({entry['kind']})"
    panel = Panel(
        detail,
        title=Text(heading, style=FAIL_STYLE if failed else "bold"),
        title_align="left",
        border_style="red" if failed else "blue",
        expand=False,
    )
    return Group(strip, panel)
