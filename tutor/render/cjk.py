"""Chinese text in a terminal: where lines may break, and which line breaks are not spaces.

Rich wraps text only at spaces, so a run of Chinese characters (which has none) is one
unbreakable "word": a paragraph then breaks early before every long run. `enable_cjk_wrapping`
lets Rich break between any two Chinese characters, keeping punctuation with the character it
belongs to, as Chinese typesetting does. It is installed when `tutor.render` is imported, so
`dltutor show` and the TUI (whose Static widgets draw Rich renderables) wrap alike.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
OPENING = "（“‘《「『【〔"
CLOSING = "，。、：；？！）”’》」』】〕…—"
_CJK_CHAR = f"[{HAN}{OPENING}{CLOSING}]"

# a "word" for Rich's wrapper: one Chinese character with the punctuation that must stay
# with it, or a run of anything else that is not a space or a Chinese character
CJK_WORD = re.compile(
    rf"\s*(?:[{OPENING}]*[{HAN}][{CLOSING}]*|[{OPENING}{CLOSING}]+|[^\s{HAN}{OPENING}]+)\s*"
)

# a line break between Chinese characters, emphasis markers allowed on either side
_SOFT_BREAK = re.compile(rf"({_CJK_CHAR}[*_]*)[ \t]*\n[ \t]*(?=[*_]*{_CJK_CHAR})")
_FENCE = re.compile(r"(```.*?```)", re.S)


def enable_cjk_wrapping() -> None:
    import rich._wrap

    rich._wrap.re_word = CJK_WORD


def join_cjk_lines(markdown: str) -> str:
    """A line break between two Chinese characters is not a space: join those lines."""
    parts = _FENCE.split(markdown)
    return "".join(p if p.startswith("```") else _SOFT_BREAK.sub(r"\1", p) for p in parts)
