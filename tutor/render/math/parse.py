"""LaTeX math source -> the node tree in `tree.py`, using pylatexenc's LatexWalker.

pylatexenc does the tokenising, brace matching and argument reading (it knows from the
specs below that `\\frac` takes two arguments and `\\sqrt` an optional one). This module
turns its nodes into math structure: it attaches `^`/`_` scripts, pairs `\\left`/`\\right`,
splits environments at `&` and `\\\\`, and maps commands to symbols. Anything it does not
understand becomes readable text plus a warning; nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pylatexenc import latexwalker as lw
from pylatexenc.macrospec import (
    EnvironmentSpec,
    LatexContextDb,
    MacroSpec,
    MacroStandardArgsParser,
    SpecialsSpec,
)

from tutor.render.math import symbols as sym
from tutor.render.math.tree import (
    BIN,
    CLOSE,
    OP,
    OPEN,
    ORD,
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
    atom_class,
)

FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac", "nicefrac"}
BINOMIALS = {"binom", "dbinom", "tbinom"}
TEXT_COMMANDS = {
    "text", "textrm", "textnormal", "textup", "textmd", "textit", "textbf", "textsf", "texttt",
    "textsl", "emph", "mbox", "hbox",
}  # fmt: skip
TEXT_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303",
                "=": "\u0304", ".": "\u0307"}  # fmt: skip
DELIMITER_SIZES = {
    "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
    "Biggr", "bigm", "Bigm", "biggm", "Biggm",
}  # fmt: skip
NEGATIONS = {"=": "≠", "∈": "∉", "≡": "≢", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉", "∼": "≁",
             "≈": "≉", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∣": "∤", "∥": "∦", "≃": "≄",
             "≅": "≇", "→": "↛", "←": "↚", "⇒": "⇏", "⇔": "⇎", "∃": "∄"}  # fmt: skip

# environment -> (table kind, column alignment, left delimiter, right delimiter)
ENVIRONMENTS: dict[str, tuple[str, str, str, str]] = {
    "matrix": ("matrix", "c", "", ""), "smallmatrix": ("matrix", "c", "", ""),
    "pmatrix": ("matrix", "c", "(", ")"), "bmatrix": ("matrix", "c", "[", "]"),
    "Bmatrix": ("matrix", "c", "{", "}"), "vmatrix": ("matrix", "c", "|", "|"),
    "Vmatrix": ("matrix", "c", "‖", "‖"), "psmallmatrix": ("matrix", "c", "(", ")"),
    "bsmallmatrix": ("matrix", "c", "[", "]"),
    "cases": ("cases", "l", "{", ""), "dcases": ("cases", "l", "{", ""),
    "rcases": ("cases", "l", "", "}"),
    "array": ("matrix", "c", "", ""), "subarray": ("substack", "c", "", ""),
    "aligned": ("align", "rl", "", ""), "align": ("align", "rl", "", ""),
    "align*": ("align", "rl", "", ""), "alignat": ("align", "rl", "", ""),
    "alignat*": ("align", "rl", "", ""), "alignedat": ("align", "rl", "", ""),
    "flalign": ("align", "rl", "", ""), "flalign*": ("align", "rl", "", ""),
    "split": ("align", "rl", "", ""), "eqnarray": ("align", "rcl", "", ""),
    "eqnarray*": ("align", "rcl", "", ""),
    "gather": ("align", "c", "", ""), "gather*": ("align", "c", "", ""),
    "gathered": ("align", "c", "", ""), "multline": ("align", "c", "", ""),
    "multline*": ("align", "c", "", ""), "equation": ("align", "c", "", ""),
    "equation*": ("align", "c", "", ""), "displaymath": ("align", "c", "", ""),
    "math": ("align", "c", "", ""),
}  # fmt: skip
ENVIRONMENT_ARGS = {"array": "{", "subarray": "{", "alignat": "{", "alignat*": "{",
                    "alignedat": "{"}  # fmt: skip

# characters that start something only pylatexenc's walker understands
_NEEDS_WALKER = re.compile(r"[\\{}%$&]")

_GREEK_ASCII = {letter: name for name, letter in sym.GREEK.items() if not name.startswith("var")}


def _latex_context() -> LatexContextDb:
    def text_macro(name: str, argspec: str = "{") -> MacroSpec:
        return MacroSpec(
            name, MacroStandardArgsParser(argspec, args_math_mode=[False] * len(argspec))
        )

    one = "{"
    macros = [MacroSpec(name, "{{") for name in FRACTIONS | BINOMIALS]
    macros += [MacroSpec(name, one) for name in sym.FONT_COMMANDS if not name.startswith("text")]
    macros += [MacroSpec(name, one) for name in sym.ACCENTS]
    macros += [MacroSpec(name, one) for name in DELIMITER_SIZES | {"left", "right", "middle"}]
    macros += [text_macro(name) for name in TEXT_COMMANDS | {"textbf", "textit", "textsf"}]
    macros += [
        MacroSpec("sqrt", "[{"),
        MacroSpec("operatorname", "*{"),
        MacroSpec("overbrace", one),
        MacroSpec("underbrace", one),
        MacroSpec("overset", "{{"),
        MacroSpec("underset", "{{"),
        MacroSpec("stackrel", "{{"),
        MacroSpec("xrightarrow", "[{"),
        MacroSpec("xleftarrow", "[{"),
        MacroSpec("not", one),
        MacroSpec("substack", one),
        MacroSpec("boxed", one),
        MacroSpec("pmod", one),
        MacroSpec("mathop", one),
        MacroSpec("mathbin", one),
        MacroSpec("mathrel", one),
        MacroSpec("mathord", one),
        MacroSpec("mathopen", one),
        MacroSpec("mathclose", one),
        MacroSpec("ensuremath", one),
        MacroSpec("phantom", one),
        MacroSpec("hphantom", one),
        MacroSpec("vphantom", one),
        MacroSpec("label", one),
        MacroSpec("tag", "*{"),
        MacroSpec("color", one),
        MacroSpec("textcolor", "{{"),
        MacroSpec("hspace", "*{"),
        *(text_macro(accent) for accent in TEXT_ACCENTS),
        MacroSpec("\\", MacroStandardArgsParser("*[", optional_arg_no_space=True)),
    ]
    environments = [
        EnvironmentSpec(name, ENVIRONMENT_ARGS.get(name, ""), is_math_mode=True)
        for name in ENVIRONMENTS
    ]
    db = LatexContextDb()
    db.add_context_category("dltutor-math", macros, environments, [SpecialsSpec("&")])
    db.set_unknown_macro_spec(MacroSpec(""))
    db.set_unknown_environment_spec(EnvironmentSpec(""))
    return db


# Built once: a fixed table of argument specs, not a cache of results.
LATEX_CONTEXT = _latex_context()


class _Walker(lw.LatexWalker):
    """A LatexWalker that keeps the parse errors it tolerates, so they become warnings."""

    def __init__(self, source: str):
        super().__init__(source, latex_context=LATEX_CONTEXT, tolerant_parsing=True)
        self.errors: list[str] = []

    def _report_ignore_parse_error(self, exc):
        self.errors.append(str(exc).split("\n")[0].split(" @(")[0])


@dataclass
class Marker:
    """A token that is not itself rendered but changes its neighbours: `^`, `\\left(`, `&`."""

    what: str  # sup, sub, prime, left, right, middle, limits, nolimits, over, choose, amp, newline
    delimiter: str = ""


Token = Node | Marker


def parse_math(source: str, use_walker: bool = False) -> tuple[Node, list[str]]:
    """Parse LaTeX math into a node tree, with warnings about anything not understood.
    `use_walker` forces pylatexenc even for plain input (to test the shortcut)."""
    parser = _Parser()
    return parser.parse(source, use_walker), parser.warnings


class _Parser:
    def __init__(self):
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def parse(self, source: str, use_walker: bool = False) -> Node:
        if not use_walker and not _NEEDS_WALKER.search(source):
            # no commands, groups or tables (`x^2 + 1`): what the walker would return is
            # these characters as one run, so skip it (most inline math is like this)
            return self.row(self.char_tokens(source, font=""))
        if not _braces_balanced(source):
            self.warn("unbalanced braces")
        walker = _Walker(source)
        try:
            nodes, _, _ = walker.get_latex_nodes(
                pos=0, parsing_state=walker.make_parsing_state(in_math_mode=True)
            )
        except (lw.LatexWalkerError, IndexError, ValueError, TypeError) as exc:
            self.warn(f"could not parse: {exc}")
            return Text(source.replace("\\", ""))
        for error in walker.errors:
            # a missing argument is reported below, by the command that lacks it
            if not error.startswith("End of input while parsing arguments"):
                self.warn(error)
        tokens = self.tokens(nodes, font="")
        if any(isinstance(t, Marker) and t.what in ("amp", "newline") for t in tokens):
            rows = self.table_rows(tokens)
            return Table(rows, "rl" if any(len(r) > 1 for r in rows) else "c", "align")
        return self.row(tokens)

    # ---- pylatexenc nodes -> flat tokens -------------------------------------------------

    def tokens(self, nodes, font: str) -> list[Token]:
        out: list[Token] = []
        for node in nodes or ():
            if node is None:
                continue
            if node.isNodeType(lw.LatexCharsNode):
                out += self.char_tokens(node.chars, font)
            elif node.isNodeType(lw.LatexGroupNode):
                out.append(self.row(self.tokens(node.nodelist, font)))
            elif node.isNodeType(lw.LatexMacroNode):
                token = self.macro(node, font)
                if token is not None:
                    out.append(token)
            elif node.isNodeType(lw.LatexEnvironmentNode):
                out.append(self.environment(node, font))
            elif node.isNodeType(lw.LatexSpecialsNode):
                out.append(Marker("amp"))
            elif node.isNodeType(lw.LatexMathNode):
                out.append(self.row(self.tokens(node.nodelist, font)))
            # comments render as nothing
        return out

    def char_tokens(self, chars: str, font: str) -> list[Token]:
        out: list[Token] = []
        for ch in chars:
            if ch.isspace():
                continue
            if ch == "^":
                out.append(Marker("sup"))
            elif ch == "_":
                out.append(Marker("sub"))
            elif ch == "'":
                out.append(Marker("prime"))
            elif ch == "~":
                out.append(Space(1))
            elif ch == "\\":
                # pylatexenc hands back a malformed \begin or \end as plain characters
                continue
            elif (
                font == "rm"
                and ch.isalpha()
                and out
                and isinstance(out[-1], Atom)
                and out[-1].text.isalpha()
            ):
                out[-1] = Atom(out[-1].text + ch, out[-1].ascii + ch)  # an upright word
            else:
                out.append(char_atom(ch, font))
        return out

    def arg(self, node, index: int, font: str = "") -> Row:
        """Argument `index` of a macro node as a Row; a missing one is empty (and warned)."""
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        if index >= len(args) or args[index] is None:
            self.warn(f"missing argument for \\{node.macroname}")
            return Row([])
        return self.row(self.tokens([args[index]], font))

    def optional_arg(self, node, index: int) -> Row | None:
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        if index >= len(args) or args[index] is None:
            return None
        return self.row(self.tokens(_contents(args[index]), ""))

    def has_star(self, node) -> bool:
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        return bool(args) and args[0] is not None

    # ---- commands ------------------------------------------------------------------------

    def macro(self, node, font: str) -> Token | None:
        name = node.macroname
        if name in sym.GREEK:
            letter = sym.GREEK[name]
            return Atom(letter, name)
        if name in sym.SYMBOLS:
            text, ascii, kind = sym.SYMBOLS[name]
            return Atom(text, ascii, kind)
        if name in sym.BIG_OPERATORS:
            text, ascii = sym.BIG_OPERATORS[name]
            return Atom(text, ascii, OP, limits=True, big=True)
        if name in sym.FUNCTIONS:
            word = sym.FUNCTION_SPELLING.get(name, name)
            return Atom(word, word, OP, limits=name in sym.FUNCTIONS_WITH_LIMITS)
        if name in sym.SPACES:
            return Space(sym.SPACES[name])
        if name in ("limits", "nolimits"):
            return Marker(name)
        if name in ("left", "right", "middle"):
            return Marker(name, self.delimiter(node))
        if name in DELIMITER_SIZES:
            return self.sized_delimiter(node)
        if name in ("\\", "cr", "newline"):
            return Marker("newline")
        if name in ("over", "choose", "atop"):
            return Marker(name)
        if name in sym.FONT_COMMANDS and not name.startswith("text"):
            styled = self.arg(node, 0, sym.FONT_COMMANDS[name])
            if len(styled.items) == 1 and atom_class(styled.items[0]) == ORD:
                return styled.items[0]  # \mathrm{d} is the letter d, as in `dx`
            return styled
        if name in TEXT_COMMANDS:
            return self.text_mode(node.nodeargd.argnlist[0] if node.nodeargd else None, name)
        if name in FRACTIONS:
            return Frac(self.arg(node, 0, font), self.arg(node, 1, font))
        if name in BINOMIALS:
            return Frac(self.arg(node, 0), self.arg(node, 1), bar=False, delims=("(", ")"))
        if name == "sqrt":
            return Root(self.arg(node, 1, font), self.optional_arg(node, 0))
        if name in sym.ACCENTS:
            return Accent(self.arg(node, 0, font), name)
        if name in ("overbrace", "underbrace"):
            return Brace(self.arg(node, 0, font), over=name == "overbrace")
        if name == "overset":
            return Stack(self.arg(node, 1, font), above=self.arg(node, 0))
        if name == "stackrel":
            return Stack(self.arg(node, 1, font), above=self.arg(node, 0))
        if name == "underset":
            return Stack(self.arg(node, 1, font), below=self.arg(node, 0))
        if name in ("xrightarrow", "xleftarrow"):
            arrow = Atom("⟶", "-->", REL) if name == "xrightarrow" else Atom("⟵", "<--", REL)
            return Stack(arrow, above=self.arg(node, 1), below=self.optional_arg(node, 0))
        if name == "operatorname":
            word = self.arg(node, 1, "rm")
            text = _flat_text(word, ascii=False)
            return Atom(text, _flat_text(word, ascii=True), OP, limits=self.has_star(node))
        if name == "not":
            return self.negation(self.arg(node, 0))
        if name == "substack":
            args = node.nodeargd.argnlist if node.nodeargd else []
            inner = self.tokens(_contents(args[0]) if args else [], font)
            return Table(self.table_rows(inner), "c", "substack")
        if name == "pmod":
            return Row([Space(1), Atom("(", "(", OPEN), Atom("mod", "mod", OP),
                        self.arg(node, 0), Atom(")", ")", CLOSE)])  # fmt: skip
        if name in ("bmod", "mod"):
            return Atom("mod", "mod", BIN)
        if name == "mathop":
            body = self.arg(node, 0, "rm")
            return Atom(_flat_text(body, False), _flat_text(body, True), OP, limits=True)
        if name in ("mathbin", "mathrel", "mathord", "mathopen", "mathclose"):
            body = self.arg(node, 0, font)
            kind = {"mathbin": BIN, "mathrel": REL, "mathord": ORD, "mathopen": OPEN}
            return Atom(_flat_text(body, False), _flat_text(body, True), kind.get(name, CLOSE))
        if name == "boxed":
            return Boxed(self.arg(node, 0, font))
        if name == "ensuremath":
            return self.arg(node, 0, font)
        if name == "textcolor":
            return self.arg(node, 1, font)
        if name in ("phantom", "hphantom"):
            return Space(len(_flat_text(self.arg(node, 0), ascii=False)))
        if name == "hspace":
            return Space(1)
        if name in sym.IGNORED or name in ("vphantom",):
            return None
        if name in ("begin", "end"):
            self.warn(f"malformed \\{name}")
            return None
        return self.unknown(node)

    def unknown(self, node) -> Token:
        """A command we do not know: its name without the backslash, then any arguments
        pylatexenc read for it (text-mode commands such as \\' used in math)."""
        name = node.macroname
        self.warn(f"unknown command \\{name}")
        readable = "".join(ch for ch in name if ch.isalnum())
        if readable:
            shown: Node = Atom(readable, readable)  # ordinary: `\foo + 1` keeps its binary +
        elif name and name != "\\":
            shown = Atom(name, name)
        else:
            shown = Space(0)
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        arguments = [self.row(self.tokens([arg], "")) for arg in args if arg is not None]
        return Row([shown, *arguments]) if arguments else shown

    def delimiter(self, node) -> str:
        """The delimiter after \\left, \\right or \\middle, as a key of symbols.DELIMITERS."""
        args = node.nodeargd.argnlist if node.nodeargd is not None else []
        arg = args[0] if args else None
        if arg is None:
            self.warn(f"missing delimiter after \\{node.macroname}")
            return ""
        if arg.isNodeType(lw.LatexCharsNode):
            written = arg.chars.strip()
        elif arg.isNodeType(lw.LatexMacroNode):
            written = "\\" + arg.macroname
        else:
            written = arg.latex_verbatim()
        if written not in sym.DELIMITERS:
            self.warn(f"unknown delimiter {written} after \\{node.macroname}")
            return ""
        return sym.DELIMITERS[written]

    def sized_delimiter(self, node) -> Token | None:
        """\\big( and friends: a delimiter at normal size (terminals have one size)."""
        key = self.delimiter(node)
        if not key:
            return None
        kind = CLOSE if node.macroname.endswith("r") or key in ")]}⟩⌉⌋" else OPEN
        if key in "|‖" and not node.macroname.endswith(("l", "r")):
            kind = ORD
        return Atom(key, sym.delimiter_char(key, ascii=True), kind)

    def negation(self, body: Row) -> Node:
        if len(body.items) == 1 and isinstance(body.items[0], Atom):
            atom = body.items[0]
            negated = NEGATIONS.get(atom.text)
            if negated:
                return Atom(negated, "not " + atom.ascii.strip(), REL)
            return Atom(atom.text + "\u0338", "not " + atom.ascii, atom.kind)
        return Row([Atom("¬", "not ", ORD), body])

    def text_mode(self, arg, command: str) -> Node:
        """\\text{...}: upright text with spaces kept; `$...$` inside goes back to math."""
        font = sym.FONT_COMMANDS.get(command, "")
        if arg is None:
            self.warn(f"missing argument for \\{command}")
            return Text("")
        pieces: list[Node] = []
        self._text_pieces([arg], font, pieces)
        if len(pieces) == 1:
            return pieces[0]
        return Row(pieces)

    def _text_pieces(self, nodes, font: str, pieces: list[Node]) -> None:
        def add(text: str) -> None:
            if font in sym.FONTS:
                text = "".join(sym.FONTS[font].get(ch, ch) for ch in text)
            if pieces and isinstance(pieces[-1], Text):
                pieces[-1] = Text(pieces[-1].text + text)
            else:
                pieces.append(Text(text))

        nodes = [node for node in nodes if node is not None]
        for i, node in enumerate(nodes):
            if node.isNodeType(lw.LatexCharsNode):
                add(re.sub(r"\s+", " ", node.chars))  # TeX collapses runs of spaces
            elif node.isNodeType(lw.LatexGroupNode):
                self._text_pieces(node.nodelist, font, pieces)
            elif node.isNodeType(lw.LatexMathNode):
                pieces.append(self.row(self.tokens(node.nodelist, "")))
            elif node.isNodeType(lw.LatexMacroNode):
                name = node.macroname
                args = node.nodeargd.argnlist if node.nodeargd is not None else []
                if name in TEXT_COMMANDS:
                    self._text_pieces(args, sym.FONT_COMMANDS.get(name, font), pieces)
                elif name in sym.SPACES or name in (" ", "\\"):
                    add(" " * max(sym.SPACES.get(name, 1), 1))
                elif name in ("%", "&", "$", "#", "_", "{", "}"):
                    add(name)
                elif name in sym.SYMBOLS or name in sym.GREEK:
                    atom = self.macro(node, font)
                    if isinstance(atom, Atom):
                        pieces.append(atom)
                elif name in TEXT_ACCENTS:  # \'e in a word: é
                    self._text_pieces(args, font, pieces)
                    if pieces and isinstance(pieces[-1], Text) and pieces[-1].text:
                        accented = pieces[-1].text + TEXT_ACCENTS[name]
                        pieces[-1] = Text(unicodedata.normalize("NFC", accented))
                else:
                    self.warn(f"unknown command \\{name}")
                    followed = any(args) or (
                        i + 1 < len(nodes) and nodes[i + 1].isNodeType(lw.LatexGroupNode)
                    )
                    add(name + (" " if followed else ""))
                    self._text_pieces(args, font, pieces)

    def environment(self, node, font: str) -> Node:
        name = node.environmentname
        kind, align, left, right = ENVIRONMENTS.get(name, ("align", "l", "", ""))
        if name not in ENVIRONMENTS:
            self.warn(f"unknown environment {name}")
        if name in ("array", "subarray") and node.nodeargd and node.nodeargd.argnlist:
            spec = node.nodeargd.argnlist[0]
            letters = [ch for ch in (spec.latex_verbatim() if spec else "") if ch in "lcr"]
            align = "".join(letters) or "c"
        tokens = self.tokens(node.nodelist, font)
        rows = self.table_rows(tokens)
        if kind == "align" and align == "c" and any(len(r) > 1 for r in rows):
            align = "rl"
        if kind == "align":
            # `&=` starts a cell with a relation; TeX spaces it as if something came before
            for cells in rows:
                for i in range(1, len(cells)):
                    cells[i].items.insert(0, Atom("", "", ORD))
        return Table(rows, align, kind, left, right)

    # ---- tokens -> structure -------------------------------------------------------------

    def table_rows(self, tokens: list[Token]) -> list[list[Row]]:
        rows: list[list[Row]] = []
        cells: list[Row] = []
        cell: list[Token] = []
        for token in tokens:
            if isinstance(token, Marker) and token.what == "amp":
                cells.append(self.row(cell))
                cell = []
            elif isinstance(token, Marker) and token.what == "newline":
                cells.append(self.row(cell))
                rows.append(cells)
                cells, cell = [], []
            else:
                cell.append(token)
        if cell or cells:
            cells.append(self.row(cell))
            rows.append(cells)
        return rows or [[Row([])]]

    def row(self, tokens: list[Token]) -> Row:
        """Tokens at one brace level -> a Row: pair \\left/\\right, attach scripts, \\over."""
        stack: list[tuple[str, list[Row], list[str], list[Token]]] = []
        current: list[Token] = []
        for token in tokens:
            if isinstance(token, Marker) and token.what == "left":
                stack.append((token.delimiter, [], [], current))
                current = []
            elif isinstance(token, Marker) and token.what == "middle":
                if stack:
                    stack[-1][1].append(self.scripted(current))
                    stack[-1][2].append(token.delimiter)
                    current = []
                else:
                    self.warn("\\middle outside \\left...\\right")
                    current.append(Atom(token.delimiter, token.delimiter, REL))
            elif isinstance(token, Marker) and token.what == "right":
                if stack:
                    left, parts, middles, outer = stack.pop()
                    parts.append(self.scripted(current))
                    fenced = Fenced(left, parts, middles, token.delimiter)
                    current = [*outer, fenced]
                else:
                    self.warn("\\right without a matching \\left")
                    current.append(Atom(token.delimiter, token.delimiter, CLOSE))
            else:
                current.append(token)
        while stack:
            self.warn("\\left without a matching \\right")
            left, parts, middles, outer = stack.pop()
            parts.append(self.scripted(current))
            current = [*outer, Fenced(left, parts, middles, "")]
        return self.scripted(current)

    def scripted(self, tokens: list[Token]) -> Row:
        """Attach ^, _ and ' to what precedes them; resolve \\limits and \\over."""
        items: list[Node] = []
        i = 0
        over_at: list[tuple[int, str]] = []
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if not isinstance(token, Marker):
                items.append(token)
                continue
            what = token.what
            if what in ("sup", "sub"):
                if i < len(tokens) and not isinstance(tokens[i], Marker):
                    script = tokens[i]
                    i += 1
                else:
                    self.warn(f"{'superscript' if what == 'sup' else 'subscript'} without argument")
                    continue
                self.attach(items, what, script)
            elif what == "prime":
                self.attach(items, "prime", Atom("′", "'"))
            elif what in ("limits", "nolimits"):
                base = items[-1] if items else None
                if isinstance(base, Scripts):
                    base = base.base
                if isinstance(base, Atom) and base.kind == OP:
                    base.limits = what == "limits"
            elif what in ("over", "choose", "atop"):
                over_at.append((len(items), what))
            elif what in ("amp", "newline"):
                self.warn("& or \\\\ outside a table")
        if over_at:
            split, what = over_at[0]
            num, den = Row(items[:split]), Row(items[split:])
            if what == "choose":
                return Row([Frac(num, den, bar=False, delims=("(", ")"))])
            return Row([Frac(num, den, bar=what == "over")])
        if len(items) == 1 and isinstance(items[0], Row):
            return items[0]  # {{x}} is {x}
        return Row(items)

    def attach(self, items: list[Node], what: str, script: Node) -> None:
        base = items[-1] if items else None
        if not isinstance(base, Scripts):
            base = Scripts(base if base is not None else Row([]))
            if items:
                items[-1] = base
            else:
                items.append(base)
        if what == "prime":
            base.sup = _append(base.sup, script)
        elif what == "sup":
            if base.sup is not None and not _is_primes(base.sup):
                self.warn("double superscript")
            base.sup = _append(base.sup, script)
        else:
            if base.sub is not None:
                self.warn("double subscript")
            base.sub = _append(base.sub, script)


def char_atom(ch: str, font: str) -> Atom:
    kind = sym.CHAR_CLASS.get(ch, ORD)
    text = sym.CHAR_UNICODE.get(ch, ch)
    if font in sym.FONTS:
        text = sym.FONTS[font].get(ch, text)
    ascii = ch if ch.isascii() else _GREEK_ASCII.get(ch, ch)
    return Atom(text, ascii, kind)


def _contents(arg) -> list:
    """The nodes inside a macro argument: a braced group's contents, or the single token."""
    if arg is None:
        return []
    if arg.isNodeType(lw.LatexGroupNode):
        return arg.nodelist
    return [arg]


def _append(existing: Node | None, extra: Node) -> Node:
    if existing is None:
        return extra
    if isinstance(existing, Row):
        return Row([*existing.items, extra])
    return Row([existing, extra])


def _is_primes(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.text == "′"
    return isinstance(node, Row) and all(_is_primes(item) for item in node.items)


def _flat_text(node: Node, ascii: bool) -> str:
    """The characters of a simple node (for \\operatorname{...} words)."""
    if isinstance(node, Atom):
        return node.ascii if ascii else node.text
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Space):
        return " " * node.width
    if isinstance(node, Row):
        return "".join(_flat_text(item, ascii) for item in node.items)
    if isinstance(node, Scripts):
        return _flat_text(node.base, ascii)
    return ""


def _braces_balanced(source: str) -> bool:
    depth = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "%":  # a comment runs to the end of the line
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0
