"""Tensor shapes written by people: `(2, 3)`, `2x3`, `2×3`, `[2,3]`, `torch.Size([2, 3])`."""

from __future__ import annotations

import re
import unicodedata

_WRAPPERS = re.compile(r"^(torch\.size|size|shape)?\s*[\(\[]\s*(.*?)\s*[\)\]]$", re.I)


def parse_shape(text: str) -> tuple[int, ...] | None:
    """The shape as a tuple of non-negative ints, or None if `text` is not a shape."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    # torch.Size([2, 3]) -> [2, 3] -> 2, 3
    while True:
        m = _WRAPPERS.match(s)
        if not m:
            break
        s = m.group(2)
    if s in ("", "()"):
        return ()
    if re.search(r"(^|[x×*])\s*$", s) or re.match(r"^\s*[x×*,]", s):
        return None  # a dangling "x": "2x" is not a shape
    parts = [p for p in re.split(r"\s*(?:,|x|×|\*|\s)\s*", s) if p != ""]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)
