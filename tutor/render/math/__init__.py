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
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.text import Text

from tutor.render.math.inline import inline_text
from tutor.render.math.layout import layout
from tutor.render.math.parse import parse_math

_COMMAND_NAME = re.compile(r"\\(?=[A-Za-z])")


@dataclass
class MathRender:
    lines: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def width(self) -> int:
        return max((cell_len(line) for line in self.lines), default=0)

    def __str__(self) -> str:
        return self.text

    def __rich__(self) -> Text:
        # rows padded to one width so that centring moves the block, not each row
        width = self.width
        padded = [line + " " * (width - cell_len(line)) for line in self.lines]
        # a 2D layout must not wrap; cut lines (marked …) keep their columns aligned
        multiline = len(self.lines) > 1
        return Text(
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
        lines = [_COMMAND_NAME.sub(" ", line) for line in lines]
    lines = [line.rstrip() for line in lines]
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    while len(lines) > 1 and not lines[0]:
        lines.pop(0)
    return MathRender(lines, warnings)


def _readable_source(latex: str) -> str:
    return " ".join(_COMMAND_NAME.sub("", latex).split())


__all__ = ["MathRender", "render_math"]
