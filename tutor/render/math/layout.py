"""Display layout: the node tree -> a 2D Box (stacked fractions, limits, tall delimiters).

Scripts and limits are set on one line each (with `inline.py`), as TeX sets them smaller:
a terminal has one type size, and a fraction stacked inside an exponent is hard to read.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

from tutor.render.math import symbols as sym
from tutor.render.math.box import Box, align_line, hconcat, raise_to, vstack
from tutor.render.math.inline import inline_text, is_primes
from tutor.render.math.spacing import classes, gap_before
from tutor.render.math.tree import (
    BIN,
    PUNCT,
    REL,
    Accent,
    Atom,
    Boxed,
    Brace,
    Fenced,
    Frac,
    Node,
    Root,
    Row,
    Scripts,
    Space,
    Stack,
    Table,
    Text,
    takes_limits,
)

_ARROWS = ("⟶", "⟵")
_COLUMN_GAP = {"matrix": 2, "cases": 2, "align": 2, "substack": 0}


def layout(node: Node, ascii: bool = False) -> Box:
    return _Layout(ascii).box(node)


class _Layout:
    def __init__(self, ascii: bool):
        self.ascii = ascii

    def box(self, node: Node) -> Box:
        if isinstance(node, Atom):
            return Box.text(node.ascii if self.ascii else node.text)
        if isinstance(node, Text):
            return Box.text(node.text)
        if isinstance(node, Space):
            return Box.blank(node.width)
        if isinstance(node, Row):
            return self.row(node.items)
        if isinstance(node, Scripts):
            return self.scripts(node)
        if isinstance(node, Frac):
            return self.frac(node)
        if isinstance(node, Root):
            return self.root(node)
        if isinstance(node, Fenced):
            return self.fenced(node)
        if isinstance(node, Table):
            return self.table(node)
        if isinstance(node, Accent):
            return self.accent(node)
        if isinstance(node, Brace):
            return self.brace(node)
        if isinstance(node, Stack):
            return self.stack(node)
        if isinstance(node, Boxed):
            return self.framed(self.box(node.body))
        return Box.text("")

    def line(self, node: Node | None) -> str:
        return "" if node is None else inline_text(node, self.ascii, script=True)

    def row(self, items: list[Node]) -> Box:
        boxes: list[Box] = []
        previous_class: str | None = None
        previous: Node | None = None
        spaced = False
        for item, cls in zip(items, classes(items)):
            if cls is None:
                spaced = True
            elif previous is not None and previous_class is not None:
                between = (previous_class, cls)
                gap = gap_before(previous, item, between, False, self.ascii, spaced, False)
                if gap:
                    boxes.append(Box.blank(gap))
            boxes.append(self.box(item))
            if cls is not None:
                previous_class, previous, spaced = cls, item, False
        return hconcat(boxes)

    def scripts(self, node: Scripts) -> Box:
        base = self.box(node.base)
        sup, sub = self.line(node.sup), self.line(node.sub)
        if takes_limits(node.base):
            parts = [Box.text(sup)] if node.sup is not None else []
            parts.append(base)
            if node.sub is not None:
                parts.append(Box.text(sub))
            return vstack(parts, 1 if node.sup is not None else 0)
        raised_sup = sup if node.sup is None or is_primes(node.sup) else None
        lowered_sub = None if node.sub is not None else ""
        if not self.ascii:
            if raised_sup is None:
                raised_sup = sym.to_script(sup, sym.SUPERSCRIPTS)
            if lowered_sub is None:
                lowered_sub = sym.to_script(sub, sym.SUBSCRIPTS)
        if raised_sup is not None and lowered_sub is not None:
            # Unicode script characters: on the base's top and bottom rows
            lines = [""] * base.height
            lines[-1] = lowered_sub
            lines[0] += raised_sup
            return hconcat([base, Box(lines, base.baseline)])
        if node.sup is not None and is_primes(node.sup):
            base = hconcat([base, Box.text(sup)])
            sup = ""
        # set on their own rows: above the base's top row (or on it, when the baseline is
        # lower, as beside a tall bracket), and likewise below
        above = 1 if sup and base.baseline == 0 else 0
        below = 1 if node.sub is not None and base.depth == 0 else 0
        lines = [""] * (base.height + above + below)
        if sup:
            lines[0] = sup
        if node.sub is not None:
            lines[-1] = sub
        return hconcat([base, Box(lines, base.baseline + above)])

    def frac(self, node: Frac) -> Box:
        num, den = self.box(node.num), self.box(node.den)
        width = max(num.width, den.width)
        if node.bar:
            bar = Box.text(("-" if self.ascii else "─") * width)
            return vstack([num, bar, den], 1)
        stacked = vstack([num, den], 0)
        stacked.baseline = num.height - 1 if num.height > 1 else 0
        left, right = node.delims
        return self.delimited(left, stacked, right)

    def root(self, node: Root) -> Box:
        body = self.box(node.body)
        index = self.line(node.index) if node.index is not None else ""
        w = body.width
        if body.height == 1:
            if self.ascii:
                lines = ["  " + "_" * w, "\\/" + body.lines[0]]
            else:
                sign = "√"
                if index in ("3", "4"):
                    sign, index = ("∛" if index == "3" else "∜"), ""
                elif index and sym.to_script(index, sym.SUPERSCRIPTS) is not None:
                    sign, index = sym.to_script(index, sym.SUPERSCRIPTS) + "√", ""
                lines = [" " * cell_len(sign) + "─" * w, sign + body.lines[0]]
            box = Box(lines, 1)
        else:
            if self.ascii:
                top, side, foot = "  " + "_" * w, " |", "\\|"
            else:
                top, side, foot = " ┌" + "─" * w, " │", "╲│"
            lines = [top] + [side + line for line in body.lines[:-1]] + [foot + body.lines[-1]]
            box = Box(lines, body.baseline + 1)
        if index:
            # an index that has no superscript form sits left of the sign, one row up
            pad = " " * cell_len(index)
            lines = [pad + line for line in box.lines]
            row = box.height - 2
            lines[row] = index + box.lines[row]
            box = Box(lines, box.baseline)
        return box

    def delimited(self, left: str, body: Box, right: str) -> Box:
        above, below = body.baseline, body.depth
        height = above + below + 1
        if self.ascii and height > 1:
            # ASCII's `\` must not touch a letter: `\x` would read as a command
            body = hconcat([Box.blank(1 if left else 0), body, Box.blank(1 if right else 0)])
        parts = []
        if left:
            parts.append(Box(sym.delimiter_column(left, height, above, self.ascii), above))
        parts.append(body)
        if right:
            parts.append(Box(sym.delimiter_column(right, height, above, self.ascii), above))
        return hconcat(parts)

    def fenced(self, node: Fenced) -> Box:
        parts = [self.box(part) for part in node.parts]
        above = max(p.baseline for p in parts)
        below = max(p.depth for p in parts)
        height = above + below + 1
        pieces: list[Box] = []
        for i, part in enumerate(parts):
            if i:
                middle = sym.delimiter_column(node.middles[i - 1], height, above, self.ascii)
                pieces.append(Box(middle, above))
            pieces.append(part)
        body = hconcat(pieces)
        if body.height < height:
            body = raise_to(body, height, above)
        return self.delimited(node.left, body, node.right)

    def table(self, node: Table) -> Box:
        grid = [[self.box(cell) for cell in cells] for cells in node.rows]
        columns = max(len(cells) for cells in grid)
        widths = [0] * columns
        for cells in grid:
            for j, cell in enumerate(cells):
                widths[j] = max(widths[j], cell.width)
        aligns = [_column_align(node, j) for j in range(columns)]
        lines: list[str] = []
        row_baselines: list[int] = []
        tall = [any(c.height > 1 for c in cells) for cells in grid]
        for r, cells in enumerate(grid):
            if r and (node.kind == "cases" or tall[r] or tall[r - 1]) and node.kind != "substack":
                lines.append("")
            above = max((c.baseline for c in cells), default=0)
            below = max((c.depth for c in cells), default=0)
            height = above + below + 1
            row_baselines.append(len(lines) + above)
            row_lines = [""] * height
            for j in range(columns):
                cell = cells[j] if j < len(cells) else Box.text("")
                cell = raise_to(cell, height, above)
                if j:
                    gap = _column_gap(node, j)
                    row_lines = [line + " " * gap for line in row_lines]
                for k, text in enumerate(cell.lines):
                    row_lines[k] += align_line(text, cell.width, widths[j], aligns[j])
            lines += row_lines
        baseline = row_baselines[0] if len(grid) == 1 else (len(lines) - 1) // 2
        box = Box(lines, baseline)
        if node.kind == "cases" and node.left:
            box = hconcat([Box.blank(1), box])
        if node.kind == "cases" and node.right:
            box = hconcat([box, Box.blank(1)])
        return self.delimited(node.left, box, node.right)

    def accent(self, node: Accent) -> Box:
        body = self.box(node.body)
        combining, drawn, drawn_ascii = sym.ACCENTS[node.accent]
        if not self.ascii and body.height == 1 and cell_len(body.lines[0]) == 1:
            return Box.text(unicodedata.normalize("NFC", body.lines[0] + combining))
        mark = drawn_ascii if self.ascii else drawn
        w = body.width
        if node.accent in ("bar", "overline", "underline", "widetilde"):
            row = mark * w
        elif node.accent in ("vec", "overrightarrow"):
            row = ("-" if self.ascii else "─") * (w - 1) + mark
        elif node.accent == "overleftarrow":
            row = mark + ("-" if self.ascii else "─") * (w - 1)
        else:
            row = align_line(mark, 1, w, "c")
        if node.accent == "underline":
            return vstack([body, Box.text(row)], 0)
        return vstack([Box.text(row), body], 1)

    def brace(self, node: Brace) -> Box:
        body = self.box(node.body)
        w = max(body.width, 3)
        k = (w - 3) // 2
        rest = w - 3 - k
        if self.ascii:
            row = ("/" + "-" * (w - 2) + "\\") if node.over else ("\\" + "-" * (w - 2) + "/")
        elif node.over:
            row = "╭" + "─" * k + "┴" + "─" * rest + "╮"
        else:
            row = "╰" + "─" * k + "┬" + "─" * rest + "╯"
        if node.over:
            return vstack([Box.text(row), body], 1)
        return vstack([body, Box.text(row)], 0)

    def framed(self, body: Box) -> Box:
        if self.ascii:
            top = bottom = "+" + "-" * (body.width + 2) + "+"
            side = "|"
        else:
            top, bottom, side = (
                "┌" + "─" * (body.width + 2) + "┐",
                "└" + "─" * (body.width + 2) + "┘",
                "│",
            )
        rows = [top, *(f"{side} {line} {side}" for line in body.lines), bottom]
        return Box(rows, body.baseline + 1)

    def stack(self, node: Stack) -> Box:
        above = Box.text(self.line(node.above)) if node.above is not None else None
        below = Box.text(self.line(node.below)) if node.below is not None else None
        body = self.box(node.body)
        if isinstance(node.body, Atom) and node.body.text in _ARROWS:
            # \xrightarrow{label}: the arrow stretches under its label
            width = max(body.width, *(b.width + 2 for b in (above, below) if b is not None))
            line, head = ("-", ">") if self.ascii else ("─", "→")
            arrow = line * (width - 1) + head
            if node.body.text == "⟵":
                arrow = ("<" if self.ascii else "←") + line * (width - 1)
            body = Box.text(arrow)
        parts = [above] if above is not None else []
        parts.append(body)
        if below is not None:
            parts.append(below)
        return vstack(parts, 1 if above is not None else 0)


def _column_align(node: Table, column: int) -> str:
    spec = node.align or "c"
    if node.kind == "align" and spec == "rl":
        return "rl"[column % 2]
    return spec[column] if column < len(spec) else spec[-1]


def _column_gap(node: Table, column: int) -> int:
    if node.kind == "align" and node.align == "rl":
        return 0 if column % 2 else 3  # `&=` pairs touch; separate pairs stand apart
    return _COLUMN_GAP.get(node.kind, 2)


def layout_within(node: Node, width: int, ascii: bool = False) -> Box | None:
    """The display layout broken into lines of at most `width` cells, as a book sets a long
    equation: at a `\\quad` space or after a comma first, else before a relation (=, ≤), else
    before a binary operator (+, −). A line that starts with `=` sits under the first `=`,
    one that starts with `+` under the first term. None if there is no place to break (the
    caller then cuts the single line)."""
    items = _top_level_items(node)
    breaks = _break_points(items)
    if not breaks:
        return None
    lay = _Layout(ascii)
    item_classes = classes(items)
    first_rel = next((i for i, c in enumerate(item_classes) if c == REL and i > 0), None)
    lead = lay.row(items[:first_rel]).width + 1 if first_rel is not None else 0
    if lead > width // 3:
        lead = 0

    def line_box(start: int, end: int) -> tuple[int, Box]:
        """(indent, box) of items[start:end] as a line of its own."""
        part = _trim(items[start:end])
        if not start:
            return 0, lay.row(part)
        if item_classes[start] == BIN:  # still binary: keep its space on the right
            box = hconcat([lay.box(part[0]), Box.blank(1), lay.row(part[1:])])
            return (lead + 2 if lead else 2), box
        return (lead if item_classes[start] == REL and lead else 2), lay.row(part)

    lines: list[tuple[int, Box]] = []
    start = 0
    while start < len(items):
        # the breaks that fit, ranked: a line at least half full ends at the strongest kind
        # of break (the latest of those); a line shorter than that only if nothing else fits
        ranked = []
        for end, strength in [(b, s) for b, s in breaks.items() if b > start] + [(len(items), 9)]:
            indent, box = line_box(start, end)
            used = indent + box.width
            if used > width and ranked:
                break
            ranked.append((strength if 2 * used >= width else -1, end))
        end = max(ranked)[1]
        lines.append(line_box(start, end))
        start = end
    if len(lines) == 1:
        return None
    tall = any(box.height > 1 for _, box in lines)
    rows: list[str] = []
    for n, (indent, box) in enumerate(lines):
        if n and tall:
            rows.append("")  # a blank row keeps stacked fractions of two lines apart
        rows.extend(" " * indent + line for line in box.lines)
    return Box(rows, 0)


def _top_level_items(node: Node) -> list[Node]:
    while isinstance(node, Row) and len(node.items) == 1 and isinstance(node.items[0], Row):
        node = node.items[0]
    return list(node.items) if isinstance(node, Row) else [node]


_PLUS_MINUS = ("+", "-", "−", "±", "∓")


def _text(node: Node) -> str:
    return node.text if isinstance(node, Atom) else ""


def _break_points(items: list[Node]) -> dict[int, float]:
    """Where a new line may start, and how good a place it is: after a wide space (3) or a
    comma (2), before a relation (1), a plus or minus (0.5) or another binary operator (0),
    so that `a·b` stays together before `+ c` does."""
    points: dict[int, float] = {}
    item_classes = classes(items)
    for i in range(1, len(items)):
        before, cls = items[i - 1], item_classes[i]
        if isinstance(before, Space) and before.width >= 2:
            points[i] = 3
        elif isinstance(before, Atom) and before.kind == PUNCT:
            points[i] = 2
        elif cls == REL:
            points[i] = 1
        elif cls == BIN:
            points[i] = 0.5 if _text(items[i]) in _PLUS_MINUS else 0
    return points


def _trim(items: list[Node]) -> list[Node]:
    """A line neither starts nor ends with explicit space."""
    start, end = 0, len(items)
    while start < end and isinstance(items[start], Space):
        start += 1
    while end > start and isinstance(items[end - 1], Space):
        end -= 1
    return items[start:end]
