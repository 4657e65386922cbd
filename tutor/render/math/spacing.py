"""TeX's inter-atom spacing, rounded to terminal cells: 0 or 1 space between neighbours."""

from __future__ import annotations

from tutor.render.math.tree import (
    BIN,
    CLOSE,
    OP,
    OPEN,
    ORD,
    PUNCT,
    REL,
    Accent,
    Atom,
    Fenced,
    Frac,
    Node,
    Root,
    Row,
    Scripts,
    Text,
    atom_class,
)

_CLASSES = (ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT)
# TeXbook chapter 18's table: 0 none, 1 always, 2 not inside scripts (thin/medium/thick -> 1)
_TABLE = {
    ORD:   (0, 1, 2, 2, 0, 0, 0),
    OP:    (1, 1, 0, 2, 0, 0, 0),
    BIN:   (2, 2, 0, 0, 2, 0, 0),
    REL:   (2, 2, 0, 0, 2, 0, 0),
    OPEN:  (0, 0, 0, 0, 0, 0, 0),
    CLOSE: (0, 1, 2, 2, 0, 0, 0),
    PUNCT: (2, 2, 0, 2, 2, 2, 2),
}  # fmt: skip


def classes(items: list[Node]) -> list[str | None]:
    """Each item's class after TeX's rule that a binary operator with no left operand
    (`-x`, `= -1`, `(-a`) or no right operand is an ordinary symbol, so it is not spaced."""
    result = [atom_class(item) for item in items]
    previous: str | None = None
    for i, cls in enumerate(result):
        if cls is None:
            continue
        if cls == BIN and previous in (None, BIN, OP, REL, OPEN, PUNCT):
            result[i] = cls = ORD
        if cls in (REL, CLOSE, PUNCT) and previous == BIN:
            # the binary operator before us had no right operand
            for j in range(i - 1, -1, -1):
                if result[j] is not None:
                    result[j] = ORD
                    break
        previous = cls
    if previous == BIN:
        for j in range(len(result) - 1, -1, -1):
            if result[j] is not None:
                result[j] = ORD
                break
    return result


def space_between(left: str, right: str, script: bool) -> int:
    rule = _TABLE[left][_CLASSES.index(right)]
    if rule == 2:
        return 0 if script else 1
    return rule


def gap_before(previous: Node, item: Node, between: tuple[str, str], script: bool,
               ascii: bool, spaced: bool, linear: bool) -> int:  # fmt: skip
    """Spaces between two neighbours in a row, given their classes `between` (after
    `classes`). `spaced` says an explicit space already separates them; `linear` that
    fractions are written a/b rather than stacked."""
    left, right = between
    # `\left(` behaves as an opening delimiter towards its left neighbour, `\right)` as a
    # closing one towards its right: `softmax(…)`, not `softmax (…)`
    if isinstance(item, Fenced) and item.left:
        right = OPEN
    if isinstance(previous, Fenced) and previous.right:
        left = CLOSE
    gap = space_between(left, right, script)
    if gap or spaced:
        return gap
    # fraction bars need air beside them, or `½x` and `½½` run together (and a/b c/d)
    near_fraction = _is_fraction(previous) or _is_fraction(item)
    if linear and (_is_sign(previous) or _is_sign(item)):
        near_fraction = False  # −1/N, not − 1/N
    if near_fraction and left != OPEN and right not in (CLOSE, PUNCT):
        return 1
    if left == ORD and right == ORD and _words_touch(previous, item, ascii, linear):
        return 1
    return 0


def _is_fraction(node: Node) -> bool:
    if isinstance(node, Scripts):
        node = node.base
    return isinstance(node, Frac) and node.bar


def _is_sign(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind == BIN


def _word(node: Node, ascii: bool, linear: bool) -> str:
    """The letters a node shows at its edge, for telling whether neighbours run together."""
    if isinstance(node, Atom):
        return node.ascii if ascii else node.text
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Scripts):
        return _word(node.base, ascii, linear)
    if isinstance(node, Accent):
        return "hat" if ascii and linear else _word(node.body, ascii, linear)
    if isinstance(node, Root) and ascii and linear:
        return "sqrt"
    if isinstance(node, Row) and len(node.items) == 1:
        return _word(node.items[0], ascii, linear)
    return ""


def _words_touch(left: Node, right: Node, ascii: bool, linear: bool) -> bool:
    """`\\alpha x` in ASCII is `alpha x`, not `alphax`: keep multi-letter words apart."""
    a, b = _word(left, ascii, linear), _word(right, ascii, linear)
    if len(b) > 1 and b[0].isalnum() and (not a or a[-1].isalnum()):
        return True
    return len(a) > 1 and a[-1].isalnum() and bool(b) and b[0].isalnum()
