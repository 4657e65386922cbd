"""Rectangular blocks of terminal text with a baseline, the unit of 2D layout.

Widths are terminal cells (rich.cells.cell_len), so CJK text (two cells a character)
and combining accents (zero cells) line up.
"""

from __future__ import annotations

from rich.cells import cell_len


class Box:
    """Rows of equal cell width; `baseline` is the row that lines up with its neighbours'."""

    __slots__ = ("baseline", "lines", "width")

    def __init__(self, lines: list[str], baseline: int = 0, width: int | None = None):
        if width is None:
            width = max((cell_len(line) for line in lines), default=0)
        self.lines = [pad_right(line, width) for line in lines] if lines else [""]
        self.width = width
        self.baseline = baseline

    @classmethod
    def text(cls, text: str) -> Box:
        box = cls.__new__(cls)  # one row needs no padding: skip __init__'s measuring
        box.lines, box.width, box.baseline = [text], cell_len(text), 0
        return box

    @classmethod
    def blank(cls, width: int, height: int = 1, baseline: int = 0) -> Box:
        return cls([" " * width] * height, baseline, width)

    @property
    def height(self) -> int:
        return len(self.lines)

    @property
    def depth(self) -> int:
        """Rows below the baseline."""
        return len(self.lines) - 1 - self.baseline

    def __repr__(self) -> str:
        return f"Box({self.lines!r}, baseline={self.baseline})"


def pad_right(line: str, width: int) -> str:
    missing = width - cell_len(line)
    return line + " " * missing if missing > 0 else line


def centred(line: str, width: int) -> str:
    missing = width - cell_len(line)
    if missing <= 0:
        return line
    left = missing // 2
    return " " * left + line + " " * (missing - left)


def hconcat(boxes: list[Box]) -> Box:
    """Boxes side by side, baselines aligned."""
    boxes = [b for b in boxes if b.width > 0 or b.height > 1]
    if not boxes:
        return Box([""], 0, 0)
    if len(boxes) == 1:
        return boxes[0]
    above = max(b.baseline for b in boxes)
    below = max(b.depth for b in boxes)
    rows = [""] * (above + below + 1)
    for box in boxes:
        top = above - box.baseline
        blank = " " * box.width
        for r in range(len(rows)):
            i = r - top
            rows[r] += box.lines[i] if 0 <= i < box.height else blank
    return Box(rows, above, sum(b.width for b in boxes))


def vstack(boxes: list[Box], baseline_box: int, align: str = "c") -> Box:
    """Boxes one above another, each aligned l/c/r; the baseline is `baseline_box`'s."""
    width = max(b.width for b in boxes)
    rows: list[str] = []
    baseline = 0
    for i, box in enumerate(boxes):
        if i == baseline_box:
            baseline = len(rows) + box.baseline
        for line in box.lines:
            rows.append(align_line(line, box.width, width, align))
    return Box(rows, baseline, width)


def align_line(line: str, line_width: int, width: int, align: str) -> str:
    missing = width - line_width
    if missing <= 0:
        return line
    if align == "l":
        return line + " " * missing
    if align == "r":
        return " " * missing + line
    left = missing // 2
    return " " * left + line + " " * (missing - left)


def raise_to(box: Box, height: int, baseline: int) -> Box:
    """`box` padded with blank rows to `height` rows with its baseline on row `baseline`."""
    top = baseline - box.baseline
    bottom = height - top - box.height
    blank = " " * box.width
    return Box([blank] * top + box.lines + [blank] * bottom, baseline, box.width)
