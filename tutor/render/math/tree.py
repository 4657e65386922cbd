"""The math node tree that the parser builds and both renderers (2D and one-line) walk.

Atom classes follow TeX's, because TeX's spacing rules are what make `a = -b` read right:
ord (letters, digits), op (big operators, function names), bin (+, ×), rel (=, ≤),
open, close, punct.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT = "ord", "op", "bin", "rel", "open", "close", "punct"


@dataclass
class Atom:
    """One symbol or word: `x`, `α`, `+`, `log`, `∑`."""

    text: str  # the Unicode rendering
    ascii: str  # the ASCII-mode rendering
    kind: str = ORD
    limits: bool = False  # scripts go above/below in display style (∑, max, lim)
    big: bool = False  # a big operator sign (∑ ∏ ∫), not a word like `max`


@dataclass
class Row:
    """A sequence laid out left to right (a `{...}` group, or a whole formula)."""

    items: list[Node] = field(default_factory=list)


@dataclass
class Text:
    """Upright text from `\\text{...}`: spaces kept, CJK allowed."""

    text: str


@dataclass
class Space:
    """Explicit spacing (`\\,`, `\\quad`): a number of terminal cells."""

    width: int


@dataclass
class Scripts:
    base: Node
    sub: Node | None = None
    sup: Node | None = None


@dataclass
class Frac:
    num: Node
    den: Node
    bar: bool = True  # False for \binom (then `delims` wrap it)
    delims: tuple[str, str] = ("", "")


@dataclass
class Root:
    body: Node
    index: Node | None = None


@dataclass
class Fenced:
    """`\\left( ... \\middle| ... \\right)`: delimiters that grow with the body."""

    left: str
    parts: list[Row]
    middles: list[str]
    right: str


@dataclass
class Table:
    """matrix, cases, aligned, array: rows of cells.

    `align` holds one letter per column: l, c or r (repeated cyclically when a row is longer).
    `kind` is "matrix", "cases" or "align"; it decides the spacing between columns and rows.
    """

    rows: list[list[Row]]
    align: str
    kind: str
    left: str = ""
    right: str = ""


@dataclass
class Accent:
    body: Node
    accent: str  # hat, bar, tilde, vec, dot, ddot, overline, underline, widehat, widetilde


@dataclass
class Brace:
    """\\overbrace / \\underbrace; the label arrives as the script and sits beyond the brace."""

    body: Node
    over: bool


@dataclass
class Stack:
    """\\overset / \\underset / \\stackrel: a small line above or below a body."""

    body: Node
    above: Node | None = None
    below: Node | None = None


@dataclass
class Boxed:
    """\\boxed{...}: a frame around the body (in 2D; one-line rendering shows the body)."""

    body: Node


Node = (
    Atom
    | Row
    | Text
    | Space
    | Scripts
    | Frac
    | Root
    | Fenced
    | Table
    | Accent
    | Brace
    | Stack
    | Boxed
)


def atom_class(node: Node) -> str | None:
    """The TeX class that decides spacing; None for explicit space (spacing looks past it)."""
    if isinstance(node, Atom):
        return node.kind
    if isinstance(node, Scripts):
        return atom_class(node.base) or ORD
    if isinstance(node, Stack):
        body = node.body
        if isinstance(body, Row) and len(body.items) == 1:
            body = body.items[0]
        return atom_class(body) or ORD  # \stackrel{def}{=} is still a relation
    if isinstance(node, Space):
        return None
    return ORD


def takes_limits(node: Node) -> bool:
    """Whether this node's scripts go above and below it in display style."""
    if isinstance(node, Atom):
        return node.limits
    return isinstance(node, Brace)
