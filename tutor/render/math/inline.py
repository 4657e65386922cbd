"""One-line rendering: `$...$` in prose, and the scripts and limits inside 2D layouts.

Scripts use Unicode super/subscript characters when every character has one
(x², xₜ₋₁, Wᵀ); otherwise a readable fallback (x^(n+q), e^(zᵢ)). Fractions become a/b
with parentheses where precedence needs them.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

from tutor.render.math import symbols as sym
from tutor.render.math.spacing import classes, gap_before
from tutor.render.math.tree import (
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
)

_OPERATOR_CHARS = set("+−-±∓=<>≤≥≠≈∼∝∈·×∗*/,;:→←⇒⊙⊗⊕∣|")
_SCRIPT_CHARACTERS = set(sym.SUPERSCRIPTS.values()) | set(sym.SUBSCRIPTS.values())
_DIFFERENTIALS = {"∂", "d", "∇", "Δ", "δ"}


def inline_text(node: Node, ascii: bool = False, script: bool = False) -> str:
    """`node` as one line of text; `script` drops the spaces TeX drops inside scripts."""
    return _Inline(ascii).render(node, script)


class _Inline:
    def __init__(self, ascii: bool):
        self.ascii = ascii

    def render(self, node: Node, script: bool = False) -> str:
        if isinstance(node, Atom):
            return node.ascii if self.ascii else node.text
        if isinstance(node, Text):
            return node.text
        if isinstance(node, Space):
            return " " * node.width
        if isinstance(node, Row):
            return self.row(node.items, script)
        if isinstance(node, Scripts):
            return self.scripts(node)
        if isinstance(node, Frac):
            return self.frac(node, script)
        if isinstance(node, Root):
            return self.root(node)
        if isinstance(node, Fenced):
            return self.fenced(node, script)
        if isinstance(node, Table):
            return self.table(node, script)
        if isinstance(node, Accent):
            return self.accent(node)
        if isinstance(node, (Brace, Boxed)):
            return self.render(node.body, script)
        if isinstance(node, Stack):
            return self.scripts(Scripts(node.body, node.below, node.above))
        return ""

    def row(self, items: list[Node], script: bool) -> str:
        out: list[str] = []
        previous_class: str | None = None
        previous: Node | None = None
        previous_text = ""
        spaced = False
        for item, cls in zip(items, classes(items)):
            text = self.render(item, script)
            if cls is None:
                spaced = True
            elif previous is not None and previous_class is not None:
                between = (previous_class, cls)
                gap = gap_before(previous, item, between, script, self.ascii, spaced, True)
                if not gap and not spaced and _written_script(previous, previous_text):
                    gap = int(text[:1].isalnum())  # W_f x, not W_fx
                out.append(" " * gap)
            out.append(text)
            if cls is not None:
                previous_class, previous, previous_text, spaced = cls, item, text, False
        return "".join(out)

    def script_text(self, node: Node | None, table: dict[str, str], mark: str) -> str:
        if node is None:
            return ""
        text = self.render(node, script=True)
        if is_primes(node):
            return text
        if not self.ascii:
            converted = sym.to_script(text, table)
            if converted is not None:
                return converted
        plain_number = text.isascii() and text.isdigit()
        return mark + (text if plain_number else wrapped(text, force=cell_len(text) > 1))

    def scripts(self, node: Scripts) -> str:
        base = self.render(node.base)
        if isinstance(node.base, Brace):
            # a brace's label is an annotation, not an exponent
            label = node.sup if node.base.over else node.sub
            return f"{base} ({self.render(label, script=True)})" if label is not None else base
        sub = self.script_text(node.sub, sym.SUBSCRIPTS, "_")
        sup = self.script_text(node.sup, sym.SUPERSCRIPTS, "^")
        return base + sub + sup

    def frac(self, node: Frac, script: bool) -> str:
        num = self.render(node.num, script)
        den = self.render(node.den, script)
        if not node.bar:
            return f"({num} choose {den})" if node.delims != ("", "") else f"({num} over {den})"
        if has_operator(num):
            num = wrapped(num, force=True)
        if has_operator(den) or factor_count(node.den) > 1:
            den = wrapped(den, force=True)
        return f"{num}/{den}"

    def root(self, node: Root) -> str:
        body = self.render(node.body)
        index = self.render(node.index, script=True) if node.index is not None else ""
        if self.ascii:
            return f"root({index}, {body})" if index else f"sqrt({body})"
        sign = "√"
        if index in ("3", "4"):
            sign = "∛" if index == "3" else "∜"
        elif index:
            raised = sym.to_script(index, sym.SUPERSCRIPTS)
            sign = (raised if raised is not None else f"({index})") + "√"
        if factor_count(node.body) == 1 and not has_operator(body):
            return sign + body  # √dₖ: the root of one symbol needs no parentheses
        return sign + wrapped(body, force=True)

    def fenced(self, node: Fenced, script: bool) -> str:
        left = sym.delimiter_char(node.left, self.ascii)
        right = sym.delimiter_char(node.right, self.ascii)
        out = [left]
        for i, part in enumerate(node.parts):
            if i:
                out.append(sym.delimiter_char(node.middles[i - 1], self.ascii))
            only = part.items[0] if len(part.items) == 1 else None
            if isinstance(only, Table) and only.kind == "matrix" and left:
                out.append(self.table(only, script, bare=True))  # \left[ matrix \right]
            else:
                out.append(self.render(part, script))
        out.append(right)
        return "".join(out)

    def table(self, node: Table, script: bool, bare: bool = False) -> str:
        if node.kind == "align":
            # cells pair up as `lhs &= rhs`; separate pairs are separate equations
            rows = []
            for cells in node.rows:
                pairs = [cells[i : i + 2] for i in range(0, len(cells), 2)]
                texts = [self.row([i for c in pair for i in c.items], script) for pair in pairs]
                rows.append(", ".join(t.strip() for t in texts if t.strip()))
            return "; ".join(r for r in rows if r)
        rows = [", ".join(self.render(cell, script) for cell in cells) for cells in node.rows]
        body = "; ".join(rows)
        if node.kind == "substack":
            return body.replace(";", ",")
        left = sym.delimiter_char(node.left, self.ascii)
        right = sym.delimiter_char(node.right, self.ascii)
        if node.kind == "cases":
            left, right = left or "{", right or "}"
        if node.kind == "matrix" and not left and not bare:
            left, right = "[", "]"
        return f"{left}{body}{right}"

    def accent(self, node: Accent) -> str:
        body = self.render(node.body)
        combining = sym.ACCENTS[node.accent][0]
        if not self.ascii and cell_len(body) == 1 and len(body.strip()) > 0:
            return unicodedata.normalize("NFC", body + combining)  # ŷ as one character
        if not self.ascii and node.accent in ("bar", "overline", "underline"):
            return "".join(ch + combining if cell_len(ch) else ch for ch in body)
        name = {"overline": "bar", "widehat": "hat", "widetilde": "tilde",
                "overrightarrow": "vec"}.get(node.accent, node.accent)  # fmt: skip
        return f"{name}({body})"


def _written_script(node: Node, text: str) -> bool:
    """Whether `node` ended in a script written out as _x or ^(...)."""
    return isinstance(node, Scripts) and ("_" in text or "^" in text)


def is_primes(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.text == "′"
    return isinstance(node, Row) and bool(node.items) and all(is_primes(i) for i in node.items)


def has_operator(text: str) -> bool:
    """Whether `text` needs parentheses to be a numerator or denominator of `/`."""
    depth = 0
    for ch in text:
        if ch in "([{⟨":
            depth += 1
        elif ch in ")]}⟩":
            depth -= 1
        elif depth == 0 and (ch == " " or ch in _OPERATOR_CHARS):
            return True
    return False


def factor_count(node: Node) -> int:
    """How many juxtaposed factors (`2σ²` is two): a/2σ² must be written a/(2σ²).
    A differential's `∂` or `d` and a number's digits count as one with what follows."""
    if not isinstance(node, Row):
        return 1
    count = 0
    previous: Node | None = None
    for item in node.items:
        if isinstance(item, Space):
            continue
        glued = isinstance(previous, Atom) and (
            previous.text in _DIFFERENTIALS
            or (isinstance(item, Atom) and (previous.text + item.text).replace(".", "").isdigit())
        )
        if not glued:
            count += 1
        previous = item
    return count


def wrapped(text: str, force: bool = False) -> str:
    """`text` in parentheses unless it is one symbol, one word or number, or already wrapped."""
    if not force and (cell_len(text) <= 1 or all(_is_plain_alnum(ch) for ch in text)):
        return text
    if text.startswith("(") and text.endswith(")") and _one_group(text):
        return text
    return f"({text})"


def _is_plain_alnum(ch: str) -> bool:
    """A letter or digit on the line: `x₁` is not one word for `/` (Python calls ₁ a digit)."""
    return ch.isalnum() and ch not in _SCRIPT_CHARACTERS


def _one_group(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0
