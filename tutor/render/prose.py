"""Lesson prose: Markdown with `$...$` inline math on one line and `$$...$$` set in 2D.

One Rich renderable serves both `dltutor show` (Rich console) and the TUI (Textual's
Static takes Rich renderables).
"""

from __future__ import annotations

import re

from rich.align import Align
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding

from tutor.course.mathscan import split_math
from tutor.render.cjk import join_cjk_lines
from tutor.render.math import render_math

# every ASCII punctuation character may be backslash-escaped in CommonMark
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def render_prose(markdown: str, ascii: bool = False) -> RenderableType:
    """Markdown with its math rendered: inline equations in the text, display ones centred."""
    blocks: list[RenderableType] = []
    pending: list[str] = []

    def flush() -> None:
        text = join_cjk_lines("".join(pending)).strip("\n")
        pending.clear()
        if text.strip():
            blocks.append(Markdown(text))

    for kind, body in split_math(markdown):
        if kind == "text":
            pending.append(body)
        elif kind == "inline":
            # escaped, so that `x_i` or `[a, b]` in the rendering stays text, not Markdown
            pending.append(escape_markdown(render_math(body, display=False, ascii=ascii).text))
        else:
            flush()
            equation = render_math(body, display=True, ascii=ascii)
            blocks.append(Padding(Align.center(equation), (1, 0)))
    flush()
    return Group(*blocks)


def escape_markdown(text: str) -> str:
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
