"""Chinese prose uses full-width punctuation: "损失，梯度：" not "损失, 梯度:".

`fix_zh_punctuation` rewrites ASCII punctuation that sits next to Chinese characters,
leaving math (`$...$`), code spans and fenced code alone; `ascii_punctuation_in_zh` finds
what it would change, so `dltutor check` can warn authors.
"""

from __future__ import annotations

import re

# Chinese characters and punctuation, plus the private-use stand-ins for math and code spans
# (in Chinese prose a comma after `$x$` is a Chinese comma)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’\ue000-\uf8ff]")
_PROTECTED = re.compile(r"```.*?```|`[^`\n]*`|\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def _is_cjk(ch: str | None) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def _neighbour(text: str, i: int, step: int) -> str | None:
    """The nearest character before (step=-1) or after (step=1) i that is not a space."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t\n*_":  # spaces, line breaks, emphasis
        j += step
    return text[j] if 0 <= j < len(text) else None


def _fix_plain(text: str) -> str:
    chars = list(text)
    opened: list[int] = []
    for i, ch in enumerate(text):
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch in _FULL and (_is_cjk(before) or _is_cjk(after)):
            if ch == "," and before and after and before.isdigit() and after.isdigit():
                continue  # 1,000
            chars[i] = _FULL[ch]
        elif ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            start = opened.pop()
            inside = text[start + 1 : i]
            outside = _neighbour(text, start, -1)
            # "（均方误差）" and "（MSE）" are prose; "(4, 3)" and "(N, C)" are shapes and stay ASCII
            is_term = bool(re.fullmatch(r"[A-Za-z][A-Za-z .'-]*", inside))
            if re.search(r"[\u3400-\u9fff]", inside) or (is_term and _is_cjk(outside)):
                chars[start], chars[i] = "（", "）"
    fixed = "".join(chars)
    # quotes around Chinese words
    fixed = re.sub(r'"([^"\n]*[\u3400-\u9fff][^"\n]*)"', r"“\1”", fixed)
    # no spaces around full-width punctuation (but keep a line's indentation)
    # (nor the space after a Markdown marker: "## “好”", "- （a）", "1. “b”")
    fixed = re.sub(r"(?<=[^\s#>*+\-.|])[ \t]+(?=[，：；？！（）“”])", "", fixed)
    return re.sub(r"(?<=[，：；？！（）“”])[ \t]+(?=\S)", "", fixed)


def fix_zh_punctuation(text: str) -> str:
    """Full-width punctuation next to Chinese characters, outside math and code."""
    kept: list[str] = []

    def stand_in(match: re.Match) -> str:
        kept.append(match.group(0))
        return chr(0xE000 + len(kept) - 1)

    fixed = _PROTECTED.sub(stand_in, text)
    # one change can make another: "（已保留）:" only has a full-width neighbour once its
    # brackets are full-width, so repeat until nothing changes (a few passes at most)
    while (again := _fix_plain(fixed)) != fixed:
        fixed = again
    return re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - 0xE000], fixed)


def ascii_punctuation_in_zh(text: str) -> list[str]:
    """Short excerpts of the places `fix_zh_punctuation` would change."""
    fixed = fix_zh_punctuation(text)
    if fixed == text:
        return []
    import difflib

    found = []
    matcher = difflib.SequenceMatcher(a=text, b=fixed, autojunk=False)
    for op, a0, a1, _b0, _b1 in matcher.get_opcodes():
        if op != "equal":
            found.append(text[max(0, a0 - 6) : a1 + 6].replace("\n", " "))
    return found
