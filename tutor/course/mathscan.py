"""Find the math in lesson prose: `$...$` inline and `$$...$$` display.

A backslash-escaped dollar (`\\$`) is a literal dollar sign, and dollars inside inline
code spans (`...`) or fenced code blocks are left alone.
"""

from __future__ import annotations

import re
from typing import Literal

Segment = tuple[Literal["text", "inline", "display"], str]

_TOKEN = re.compile(r"(```.*?```|`[^`\n]*`|\\\$|\$\$.+?\$\$|\$(?!\s)[^$\n]+?(?<!\s)\$)", re.S)


def split_math(text: str) -> list[Segment]:
    """Split prose into text, inline-math and display-math segments, in order."""
    segments: list[Segment] = []
    pos = 0
    buffer = ""
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        buffer += text[pos : match.start()]
        pos = match.end()
        if token.startswith("`"):
            buffer += token
        elif token == "\\$":
            buffer += "$"
        else:
            if buffer:
                segments.append(("text", buffer))
                buffer = ""
            if token.startswith("$$"):
                segments.append(("display", token[2:-2].strip()))
            else:
                segments.append(("inline", token[1:-1]))
    buffer += text[pos:]
    if buffer:
        segments.append(("text", buffer))
    return segments


def find_math(text: str) -> list[tuple[str, bool]]:
    """Every equation in `text` as (latex, is_display)."""
    return [(body, kind == "display") for kind, body in split_math(text) if kind != "text"]
