"""What each LaTeX command looks like: Unicode and ASCII renderings, fonts, scripts, delimiters."""

from __future__ import annotations

from tutor.render.math.tree import BIN, CLOSE, OPEN, ORD, PUNCT, REL

GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "varGamma": "Γ", "varDelta": "Δ", "varTheta": "Θ", "varLambda": "Λ", "varXi": "Ξ",
    "varPi": "Π", "varSigma": "Σ", "varUpsilon": "Υ", "varPhi": "Φ", "varPsi": "Ψ",
    "varOmega": "Ω",
}  # fmt: skip

# name -> (unicode, ascii, class). ASCII words get spaces from their class (`x in S`).
SYMBOLS: dict[str, tuple[str, str, str]] = {
    # binary operators
    "pm": ("±", "+-", BIN), "mp": ("∓", "-+", BIN), "times": ("×", "x", BIN),
    "div": ("÷", "/", BIN), "cdot": ("·", "*", BIN), "ast": ("∗", "*", BIN),
    "star": ("⋆", "*", BIN), "circ": ("∘", "o", BIN), "bullet": ("∙", "*", BIN),
    "odot": ("⊙", "(.)", BIN), "otimes": ("⊗", "(x)", BIN), "oplus": ("⊕", "(+)", BIN),
    "ominus": ("⊖", "(-)", BIN), "oslash": ("⊘", "(/)", BIN), "cap": ("∩", "n", BIN),
    "cup": ("∪", "u", BIN), "wedge": ("∧", "and", BIN), "land": ("∧", "and", BIN),
    "vee": ("∨", "or", BIN), "lor": ("∨", "or", BIN), "setminus": ("∖", " \\ ", BIN),
    "backslash": ("∖", " \\ ", BIN), "amalg": ("⨿", "II", BIN), "dagger": ("†", "+", BIN),
    # relations
    "le": ("≤", "<=", REL), "leq": ("≤", "<=", REL), "ge": ("≥", ">=", REL),
    "geq": ("≥", ">=", REL), "ne": ("≠", "!=", REL), "neq": ("≠", "!=", REL),
    "leqslant": ("⩽", "<=", REL), "geqslant": ("⩾", ">=", REL),
    "ll": ("≪", "<<", REL), "gg": ("≫", ">>", REL), "lt": ("<", "<", REL), "gt": (">", ">", REL),
    "approx": ("≈", "~=", REL), "simeq": ("≃", "~=", REL), "cong": ("≅", "~=", REL),
    "equiv": ("≡", "==", REL), "sim": ("∼", "~", REL), "propto": ("∝", "propto", REL),
    "coloneqq": ("≔", ":=", REL), "coloneq": ("≔", ":=", REL),
    "hookrightarrow": ("↪", "->", REL), "triangleq": ("≜", ":=", REL), "doteq": ("≐", "=.", REL),
    "in": ("∈", "in", REL), "notin": ("∉", "not in", REL), "ni": ("∋", "ni", REL),
    "subset": ("⊂", "subset", REL), "supset": ("⊃", "supset", REL),
    "subseteq": ("⊆", "subseteq", REL), "supseteq": ("⊇", "supseteq", REL),
    "prec": ("≺", "<", REL), "succ": ("≻", ">", REL), "perp": ("⊥", "_|_", REL),
    "parallel": ("∥", "||", REL), "mid": ("∣", "|", REL), "models": ("⊨", "|=", REL),
    "vdash": ("⊢", "|-", REL), "to": ("→", "->", REL), "rightarrow": ("→", "->", REL),
    "leftarrow": ("←", "<-", REL), "gets": ("←", "<-", REL), "leftrightarrow": ("↔", "<->", REL),
    "Rightarrow": ("⇒", "=>", REL), "Leftarrow": ("⇐", "<=", REL),
    "Leftrightarrow": ("⇔", "<=>", REL), "implies": ("⟹", "=>", REL),
    "iff": ("⟺", "<=>", REL), "impliedby": ("⟸", "<=", REL), "mapsto": ("↦", "|->", REL),
    "longrightarrow": ("⟶", "-->", REL), "longleftarrow": ("⟵", "<--", REL),
    "longmapsto": ("⟼", "|-->", REL), "uparrow": ("↑", "^", REL), "downarrow": ("↓", "v", REL),
    "rightleftharpoons": ("⇌", "<=>", REL), "asymp": ("≍", "~", REL),
    # ordinary symbols
    "intercal": ("⊺", "T", ORD), "infty": ("∞", "inf", ORD), "partial": ("∂", "d", ORD), "nabla": ("∇", "nabla", ORD),
    "ell": ("ℓ", "l", ORD), "hbar": ("ℏ", "hbar", ORD), "emptyset": ("∅", "{}", ORD),
    "varnothing": ("∅", "{}", ORD), "forall": ("∀", "forall ", ORD),
    "exists": ("∃", "exists ", ORD), "nexists": ("∄", "not exists ", ORD),
    "neg": ("¬", "not ", ORD), "lnot": ("¬", "not ", ORD), "top": ("⊤", "T", ORD),
    "bot": ("⊥", "_|_", ORD), "prime": ("′", "'", ORD), "angle": ("∠", "angle", ORD),
    "ldots": ("…", "...", ORD), "dots": ("…", "...", ORD), "cdots": ("⋯", "...", ORD),
    "dotsc": ("…", "...", ORD), "dotsb": ("⋯", "...", ORD), "vdots": ("⋮", ":", ORD),
    "ddots": ("⋱", "...", ORD), "aleph": ("ℵ", "aleph", ORD), "Re": ("ℜ", "Re", ORD),
    "Im": ("ℑ", "Im", ORD), "wp": ("℘", "P", ORD), "imath": ("ı", "i", ORD),
    "jmath": ("ȷ", "j", ORD), "degree": ("°", "deg", ORD), "checkmark": ("✓", "v", ORD),
    "square": ("□", "[]", ORD), "Box": ("□", "[]", ORD), "triangle": ("△", "/\\", ORD),
    "S": ("§", "S", ORD),
    "P": ("¶", "P", ORD), "dag": ("†", "+", ORD), "ddag": ("‡", "++", ORD),
    "%": ("%", "%", ORD), "#": ("#", "#", ORD), "$": ("$", "$", ORD), "&": ("&", "&", ORD),
    "_": ("_", "_", ORD), "colon": (":", ":", PUNCT), "vert": ("|", "|", ORD),
    "Vert": ("‖", "||", ORD), "|": ("‖", "||", ORD),
    # delimiters used bare (without \left)
    "{": ("{", "{", OPEN), "}": ("}", "}", CLOSE), "lbrace": ("{", "{", OPEN),
    "rbrace": ("}", "}", CLOSE), "langle": ("⟨", "<", OPEN), "rangle": ("⟩", ">", CLOSE),
    "lceil": ("⌈", "ceil(", OPEN), "rceil": ("⌉", ")", CLOSE), "lfloor": ("⌊", "floor(", OPEN),
    "rfloor": ("⌋", ")", CLOSE), "lvert": ("|", "|", OPEN), "rvert": ("|", "|", CLOSE),
    "lVert": ("‖", "||", OPEN), "rVert": ("‖", "||", CLOSE), "lbrack": ("[", "[", OPEN),
    "rbrack": ("]", "]", CLOSE),
}  # fmt: skip

# big operators: limits above and below in display style
BIG_OPERATORS: dict[str, tuple[str, str]] = {
    "sum": ("∑", "SUM"), "prod": ("∏", "PROD"), "coprod": ("∐", "COPROD"),
    "int": ("∫", "INT"), "iint": ("∬", "INT INT"), "iiint": ("∭", "INT INT INT"),
    "oint": ("∮", "OINT"), "bigcup": ("⋃", "UNION"), "bigcap": ("⋂", "INTERSECT"),
    "bigoplus": ("⨁", "(+)"), "bigotimes": ("⨂", "(x)"), "bigodot": ("⨀", "(.)"),
    "bigvee": ("⋁", "OR"), "bigwedge": ("⋀", "AND"), "bigsqcup": ("⨆", "U"),
}  # fmt: skip

# upright function names; those in FUNCTIONS_WITH_LIMITS put subscripts underneath
FUNCTIONS = {
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh",
    "tanh", "coth", "arcsin", "arccos", "arctan", "arg", "deg", "det", "dim", "ker", "hom",
    "gcd", "Pr", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin",
    "tr", "Tr", "diag", "sgn", "sign", "softmax", "relu", "ReLU", "Var", "Cov", "erf",
}  # fmt: skip
FUNCTIONS_WITH_LIMITS = {
    "det", "gcd", "Pr", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin",
}  # fmt: skip
FUNCTION_SPELLING = {
    "liminf": "lim inf",
    "limsup": "lim sup",
    "argmax": "arg max",
    "argmin": "arg min",
}

# the standard LaTeX ones are commands everyone expects; the rest are common \DeclareMathOperator
# names in ML papers, accepted so that authors who write \softmax are not warned
STANDARD_FUNCTIONS = FUNCTIONS - {"argmax", "argmin", "tr", "Tr", "diag", "sgn", "sign",
                                  "softmax", "relu", "ReLU", "Var", "Cov", "erf"}  # fmt: skip

SPACES: dict[str, int] = {
    ",": 1, ":": 1, ">": 1, ";": 1, " ": 1, "thinspace": 1, "medspace": 1, "thickspace": 1,
    "enspace": 1, "quad": 2, "qquad": 4, "!": 0, "negthinspace": 0, "negmedspace": 0,
    "negthickspace": 0,
}  # fmt: skip

# commands that change nothing visible in a terminal (sizes, styles, penalties)
IGNORED = {
    "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
    "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
    "Biggr", "bigm", "Bigm", "biggm", "Biggm", "nonumber", "notag", "allowbreak", "label",
    "tag", "color", "tiny", "small", "normalsize", "large", "Large", "strut", "mathstrut",
    "left", "right", "middle", "relax", "hfill", "hline", "newline",
}  # fmt: skip

# delimiter key (as written after \left) -> canonical key
DELIMITERS: dict[str, str] = {
    "(": "(", ")": ")", "[": "[", "]": "]", "\\{": "{", "\\}": "}", "\\lbrace": "{",
    "\\rbrace": "}", "|": "|", "\\|": "‖", "\\vert": "|", "\\Vert": "‖", "\\lvert": "|",
    "\\rvert": "|", "\\lVert": "‖", "\\rVert": "‖", "\\langle": "⟨", "\\rangle": "⟩",
    "<": "⟨", ">": "⟩", "\\lceil": "⌈", "\\rceil": "⌉", "\\lfloor": "⌊", "\\rfloor": "⌋",
    "\\lbrack": "[", "\\rbrack": "]", "/": "/", "\\backslash": "∖", ".": "",
    "\\uparrow": "↑", "\\downarrow": "↓",
}  # fmt: skip

# (top, middle-filler, centre, bottom) for delimiters drawn over several rows
_TALL: dict[str, tuple[str, str, str, str]] = {
    "(": ("⎛", "⎜", "⎜", "⎝"), ")": ("⎞", "⎟", "⎟", "⎠"),
    "[": ("⎡", "⎢", "⎢", "⎣"), "]": ("⎤", "⎥", "⎥", "⎦"),
    "{": ("⎧", "⎪", "⎨", "⎩"), "}": ("⎫", "⎪", "⎬", "⎭"),
    "|": ("│", "│", "│", "│"), "‖": ("‖", "‖", "‖", "‖"),
    "⌈": ("⎡", "⎢", "⎢", "⎢"), "⌉": ("⎤", "⎥", "⎥", "⎥"),
    "⌊": ("⎢", "⎢", "⎢", "⎣"), "⌋": ("⎥", "⎥", "⎥", "⎦"),
    "/": ("╱", "╱", "╱", "╱"), "∖": ("╲", "╲", "╲", "╲"),
    "↑": ("↑", "│", "│", "│"), "↓": ("│", "│", "│", "↓"),
}  # fmt: skip
_TALL_ASCII: dict[str, tuple[str, str, str, str]] = {
    "(": ("/", "|", "|", "\\"), ")": ("\\", "|", "|", "/"),
    "[": ("[", "[", "[", "["), "]": ("]", "]", "]", "]"),
    "{": ("/", "|", "<", "\\"), "}": ("\\", "|", ">", "/"),
    "|": ("|", "|", "|", "|"), "‖": ("||", "||", "||", "||"),
    "⌈": ("[", "|", "|", "|"), "⌉": ("]", "|", "|", "|"),
    "⌊": ("|", "|", "|", "["), "⌋": ("|", "|", "|", "]"),
    "/": ("/", "/", "/", "/"), "∖": ("\\", "\\", "\\", "\\"),
    "↑": ("^", "|", "|", "|"), "↓": ("|", "|", "|", "v"),
}  # fmt: skip
_DELIMITER_ASCII = {"‖": "||", "⟨": "<", "⟩": ">", "⌈": "[", "⌉": "]", "⌊": "[", "⌋": "]",
                    "∖": "\\", "↑": "^", "↓": "v"}  # fmt: skip


def delimiter_char(key: str, ascii: bool) -> str:
    """A delimiter at its normal one-row size."""
    return _DELIMITER_ASCII.get(key, key) if ascii else key


def delimiter_column(key: str, height: int, centre: int, ascii: bool) -> list[str]:
    """The rows of a delimiter stretched to `height`, its middle piece on row `centre`."""
    if not key:
        return [""] * height
    if height == 1:
        return [delimiter_char(key, ascii)]
    if key in ("⟨", "⟩"):
        upper, lower = ("/", "\\") if ascii else ("╱", "╲")
        if key == "⟩":
            upper, lower = lower, upper
        half = height // 2
        rows = [upper] * half + [lower] * (height - half)
        if height % 2:  # odd heights point at the centre row
            rows[half] = "<" if key == "⟨" else ">"
        return rows
    top, fill, mid, bottom = (_TALL_ASCII if ascii else _TALL).get(key, (key, key, key, key))
    rows = [fill] * height
    if key in "{}" and height >= 3:
        rows[min(max(centre, 1), height - 2)] = mid
    rows[0], rows[-1] = top, bottom
    return rows


SUPERSCRIPTS = dict(
    zip(
        "0123456789+−-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεϵθιφϕχ′″*⊤⊺𝖳†∗",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᵋᶿᶥᵠᵠᵡ′″*ᵀᵀᵀ†*",
        strict=True,
    )
)
SUBSCRIPTS = dict(
    zip(
        "0123456789+−-=()aehijklmnoprstuvxβγρφϕχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵩᵪ",
        strict=True,
    )
)


def to_script(text: str, table: dict[str, str]) -> str | None:
    """`text` in Unicode super/subscript characters, or None if one of them has no such form."""
    out = []
    for ch in text:
        mapped = table.get(ch)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def _alphabet(capital: int, small: int | None, digit: int | None = None, **exceptions: str):
    table = {}
    for i in range(26):
        table[chr(65 + i)] = chr(capital + i)
        if small is not None:
            table[chr(97 + i)] = chr(small + i)
    if digit is not None:
        for i in range(10):
            table[chr(48 + i)] = chr(digit + i)
    table.update(exceptions)
    return table


# Unicode's mathematical alphanumerics; letters that existed earlier live in Letterlike Symbols
FONTS: dict[str, dict[str, str]] = {
    "bb": _alphabet(0x1D538, 0x1D552, 0x1D7D8, C="ℂ", H="ℍ", N="ℕ", P="ℙ", Q="ℚ", R="ℝ", Z="ℤ"),
    "cal": _alphabet(
        0x1D49C,
        0x1D4B6,
        None,
        B="ℬ",
        E="ℰ",
        F="ℱ",
        H="ℋ",
        I="ℐ",
        L="ℒ",
        M="ℳ",
        R="ℛ",
        e="ℯ",
        g="ℊ",
        o="ℴ",
    ),
    "bf": _alphabet(0x1D400, 0x1D41A, 0x1D7CE),
    "frak": _alphabet(0x1D504, 0x1D51E, None, C="ℭ", H="ℌ", I="ℑ", R="ℜ", Z="ℨ"),
    "sf": _alphabet(0x1D5A0, 0x1D5BA, 0x1D7E2),
    "tt": _alphabet(0x1D670, 0x1D68A, 0x1D7F6),
}
FONT_COMMANDS: dict[str, str] = {
    "mathbb": "bb", "mathbbm": "bb", "mathds": "bb", "mathcal": "cal", "mathscr": "cal", "mathbf": "bf", "boldsymbol": "bf",
    "bm": "bf", "pmb": "bf", "mathfrak": "frak", "mathsf": "sf", "mathtt": "tt",
    "mathrm": "rm", "mathit": "it", "mathnormal": "it", "textrm": "rm", "textbf": "bf",
    "textit": "it", "textsf": "sf", "texttt": "tt", "mathup": "rm",
}  # fmt: skip

# accents: (combining character for one letter, row drawn above/below a longer body, ASCII row)
ACCENTS: dict[str, tuple[str, str, str]] = {
    "hat": ("\u0302", "^", "^"), "widehat": ("\u0302", "^", "^"),
    "check": ("\u030c", "ˇ", "v"), "bar": ("\u0304", "─", "_"),
    "overline": ("\u0305", "─", "_"), "tilde": ("\u0303", "~", "~"),
    "widetilde": ("\u0303", "~", "~"), "vec": ("\u20d7", "→", ">"),
    "overrightarrow": ("\u20d7", "→", ">"), "overleftarrow": ("\u20d6", "←", "<"),
    "dot": ("\u0307", "·", "."), "ddot": ("\u0308", "¨", '"'), "acute": ("\u0301", "´", "'"),
    "grave": ("\u0300", "`", "`"), "breve": ("\u0306", "˘", "u"), "underline": ("\u0332", "─", "-"),
}  # fmt: skip

# characters typed directly in math mode
CHAR_CLASS: dict[str, str] = {
    "+": BIN,
    "-": BIN,
    "*": BIN,
    "=": REL,
    "<": REL,
    ">": REL,
    ":": REL,
    ",": PUNCT,
    ";": PUNCT,
    "(": OPEN,
    "[": OPEN,
    ")": CLOSE,
    "]": CLOSE,
    "!": CLOSE,
    "?": CLOSE,
}
CHAR_UNICODE = {"-": "−", "*": "∗"}
