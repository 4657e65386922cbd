"""LaTeX math for the terminal: display equations laid out in 2D Unicode, inline math on one line.

    r = render_math(r"\\frac{a}{b}")       # display: stacked fraction
    r = render_math("x^2", display=False)  # inline: "x²"
    r.lines, r.text, r.warnings; Console().print(r)

Built on pylatexenc's parser (parse.py); layout.py does 2D, inline.py one line, ascii=True
keeps to ASCII for limited terminals. Never raises: what it cannot understand it renders as
readable text and reports in `warnings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tutor.render.math.inline import inline_text
from tutor.render.math.layout import layout, layout_within
from tutor.render.math.parse import parse_math

_COMMAND_NAME = re.compile(r"\\(?=[A-Za-z])")


@dataclass
class MathRender:
    lines: list[str]
    warnings: list[str] = field(default_factory=list)
    # lays the equation out again within a width (display equations), else None
    relayout: Callable[[int], list[str] | None] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def width(self) -> int:
        return max((cell_len(line) for line in self.lines), default=0)

    def __str__(self) -> str:
        return self.text

    def within(self, width: int) -> list[str]:
        """The lines for a terminal `width` cells wide: broken at a relation, an operator or
        a comma when the equation is wider (book style), else as they are."""
        if self.width <= width or self.relayout is None:
            return self.lines
        try:
            return self.relayout(width) or self.lines
        except Exception:  # a renderer bug keeps the unbroken layout (cut at the edge)
            return self.lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.width, options.max_width), self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.within(options.max_width)
        # rows padded to one width so that centring moves the block, not each row
        width = max((cell_len(line) for line in lines), default=0)
        padded = [line + " " * (width - cell_len(line)) for line in lines]
        # a 2D layout must not wrap; a row still too wide is cut (marked …) in its columns
        multiline = len(lines) > 1
        yield Text(
            "\n".join(padded), no_wrap=multiline, overflow="ellipsis" if multiline else "fold"
        )


def render_math(latex: str, display: bool = True, ascii: bool = False) -> MathRender:
    """Render LaTeX math (without the surrounding `$`) for a terminal."""
    try:
        tree, warnings = parse_math(latex)
        if display:
            lines = layout(tree, ascii).lines
        else:
            lines = [inline_text(tree, ascii).replace("\n", " ")]
    except RecursionError:
        return MathRender([_readable_source(latex)], ["equation nested too deeply to render"])
    except Exception as exc:  # a renderer bug must not take the lesson down with it
        return MathRender([_readable_source(latex)], [f"renderer error: {exc!r}"])
    if any(_COMMAND_NAME.search(line) for line in lines):
        warnings.append("stray backslash in output")
    relayout = partial(_relayout, tree, ascii) if display else None
    return MathRender(_clean(lines), warnings, relayout)


def _relayout(tree, ascii: bool, width: int) -> list[str] | None:
    box = layout_within(tree, width, ascii)
    return _clean(box.lines) if box else None


def _clean(lines: list[str]) -> list[str]:
    """Stray command names blanked; trailing spaces and blank rows above and below removed."""
    lines = [_COMMAND_NAME.sub(" ", line).rstrip() for line in lines]
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    while len(lines) > 1 and not lines[0]:
        lines.pop(0)
    return lines


def _readable_source(latex: str) -> str:
    return " ".join(_COMMAND_NAME.sub("", latex).split())


__all__ = ["MathRender", "render_math"]
