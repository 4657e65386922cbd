"""Grade a quiz answer typed by the learner: one engine for the TUI and `dltutor quiz`.

    from tutor.grading.answers import grade_answer
    verdict = grade_answer(question, "2x3", lang="en")
    verdict.status    # "correct" | "wrong" | "invalid"
    verdict.message   # what to tell the learner, in `lang`

"invalid" means the input could not be read; the message says what format is expected,
and the attempt should not be counted. What is accepted, by question kind:

- single:   one letter (`B`, `b`, `(b)`, `B.`) or 1-based number (`2`), or the exact text
            of a choice.
- multiple: letters or numbers in any order and with any separator (`A,C`, `a c`, `1 3`,
            `ac`, `A、C`); correct when it names all the correct choices and only them.
- numeric:  `0.5`, `-3`, `1e-3`, `1.5×10^-3`, `1/2`, `50%`, full-width digits, a leading
            `=`/`≈`/`~`. `p%` counts when either p/100 or p is right (so `50%` answers
            both "0.5" and "accuracy in percent: 50"). Within the question's `abs_tol` /
            `rel_tol` (a relative 1e-9 always, so `1/3` matches 0.3333333333333333).
            `0,5` is refused with a hint to use a dot.
- shape:    `(2, 3)`, `2x3`, `2×3`, `2 * 3`, `[2,3]`, `2, 3`, `2 3`, `torch.Size([2, 3])`;
            `()` or `torch.Size([])` is a scalar's shape.
- text:     any of the question's `accept` variants, ignoring case, surrounding spaces and
            punctuation, full-/half-width forms (NFKC), CJK punctuation, the difference
            between `-`, `_` and a space, and spaces next to CJK characters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from tutor.course.model import Question
from tutor.course.shapes import parse_shape as read_shape

Status = Literal["correct", "wrong", "invalid"]


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"


# key -> (English, Chinese); str.format fields are filled in by _say
MESSAGES: dict[str, tuple[str, str]] = {
    "correct": ("Correct.", "正确。"),
    "wrong": ("Not correct.", "不正确。"),
    "empty": ("Type an answer.", "请输入答案。"),
    "no_key": (
        "This question has no answer key (an error in the lesson file).",
        "这道题没有标准答案（课程文件有误）。",
    ),
    "number_format": (
        "Could not read {raw!r} as a number. Type a number such as 0.5, -3, 1e-3, 1/2 or 50%.",
        "无法把 {raw!r} 读作数字。请输入数字，例如 0.5、-3、1e-3、1/2 或 50%。",
    ),
    "decimal_comma": (
        "Use a dot for decimals: {fixed}, not {raw}.",
        "小数点请用英文句点：{fixed}，而不是 {raw}。",
    ),
    "divide_by_zero": ("{raw} divides by zero.", "{raw} 的分母为零。"),
    "number_wrong": ("Not correct: you answered {value}.", "不正确：你的答案是 {value}。"),
    "number_close": (
        "Close, but not within the tolerance: you answered {value}.",
        "接近了，但不在允许的误差范围内：你的答案是 {value}。",
    ),
    "shape_format": (
        "Could not read {raw!r} as a shape. Type the size of each dimension, "
        "e.g. (2, 3), 2x3 or [2, 3].",
        "无法把 {raw!r} 读作形状。请写出每一维的大小，例如 (2, 3)、2x3 或 [2, 3]。",
    ),
    "shape_wrong": (
        "Not correct: you answered the shape {shape}.",
        "不正确：你的答案是形状 {shape}。",
    ),
    "single_format": (
        "Answer with one letter (A–{last}) or number (1–{n}).",
        "请用一个字母（A–{last}）或数字（1–{n}）作答。",
    ),
    "single_many": (
        "Choose exactly one answer: one letter (A–{last}) or number (1–{n}).",
        "只能选一个答案：一个字母（A–{last}）或数字（1–{n}）。",
    ),
    "choice_range": (
        "There are only {n} choices (A–{last}, or 1–{n}).",
        "只有 {n} 个选项（A–{last} 或 1–{n}）。",
    ),
    "single_wrong": ("Not correct: you chose {picked}.", "不正确：你选了 {picked}。"),
    "multiple_format": (
        "Could not read {token!r}. List the letters or numbers of every correct choice, "
        "e.g. A, C or 1 3.",
        "无法识别 {token!r}。请列出所有正确选项的字母或数字，例如 A, C 或 1 3。",
    ),
    "multiple_wrong": (
        "Not correct: you chose {picked}. Pick all of the correct choices and none of the others.",
        "不正确：你选了 {picked}。需要选出所有正确选项，且不选错误选项。",
    ),
    "format_single": ("a letter A–{last} or a number 1–{n}", "字母 A–{last} 或数字 1–{n}"),
    "format_multiple": (
        "all correct letters or numbers, e.g. A, C or 1 3",
        "所有正确选项的字母或数字，例如 A, C 或 1 3",
    ),
    "format_numeric": ("a number, e.g. 0.5, 1e-3, 1/2", "一个数字，例如 0.5、1e-3、1/2"),
    "format_shape": ("a shape, e.g. (2, 3) or 2x3", "一个形状，例如 (2, 3) 或 2x3"),
    "format_text": ("a word or short phrase", "一个词或短语"),
}


def _say(key: str, lang: str, **fields) -> str:
    en, zh = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**fields)


# ---- normalisation -----------------------------------------------------------------------

# CJK punctuation that NFKC leaves alone, mapped to its ASCII counterpart
_CJK_PUNCTUATION = str.maketrans(
    {
        "、": ",",
        "。": ".",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "【": "[",
        "】": "]",
        "〔": "(",
        "〕": ")",
        "《": '"',
        "》": '"',
        "〈": '"',
        "〉": '"',
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "—": "-",
        "–": "-",
        "−": "-",  # the minus sign
        "·": " ",
        "…": "...",
        "⁄": "/",  # the fraction slash NFKC makes of "½"
    }
)
_CJK_CHAR = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
_EDGE_PUNCTUATION = " \t\r\n.,;:!?\"'()[]{}`"


def clean(raw: str) -> str:
    """NFKC (full-width to half-width), CJK punctuation to ASCII, outer spaces removed."""
    return unicodedata.normalize("NFKC", raw).translate(_CJK_PUNCTUATION).strip()


def normalize_text(raw: str) -> str:
    """The form in which two short text answers are compared."""
    text = clean(raw).casefold()
    text = re.sub(r"[-_]", " ", text).strip(_EDGE_PUNCTUATION)
    text = re.sub(r"\s+", " ", text)
    return re.sub(rf"\s+(?={_CJK_CHAR})|(?<={_CJK_CHAR})\s+", "", text)


def _letter(index: int) -> str:
    return chr(ord("A") + index)


# ---- numbers -----------------------------------------------------------------------------

_DECIMAL = r"[-+]?(?:\d(?:_?\d)*(?:\.\d*)?|\.\d+)"
_PLAIN = re.compile(rf"{_DECIMAL}(?:e[-+]?\d+)?", re.IGNORECASE)
_POWER_OF_TEN = re.compile(
    rf"(?P<mantissa>{_DECIMAL})?\s*(?:[x×*·]\s*)?10\s*(?:\^|\*\*)\s*\(?(?P<exp>[-+]?\d+)\)?",
    re.IGNORECASE,
)
_FRACTION = re.compile(rf"(?P<num>{_PLAIN.pattern})\s*/\s*(?P<den>{_PLAIN.pattern})", re.I)


class _Unreadable(ValueError):
    def __init__(self, key: str, **fields) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def parse_number(raw: str) -> tuple[float, bool]:
    """(value, written_as_percent); raises _Unreadable with the message key."""
    text = clean(raw).lstrip("=≈~").strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        raise _Unreadable("decimal_comma", fixed=text.replace(",", "."), raw=text)
    if _PLAIN.fullmatch(text):
        value = float(text)
    elif match := _FRACTION.fullmatch(text):
        denominator = float(match["den"])
        if denominator == 0:
            raise _Unreadable("divide_by_zero", raw=text)
        value = float(match["num"]) / denominator
    elif match := _POWER_OF_TEN.fullmatch(text):
        mantissa = match["mantissa"]
        value = (float(mantissa) if mantissa else 1.0) * 10.0 ** int(match["exp"])
    else:
        raise _Unreadable("number_format", raw=raw.strip())
    if not math.isfinite(value):
        raise _Unreadable("number_format", raw=raw.strip())
    return value, percent


def _format_number(value: float, digits: int = 6) -> str:
    return f"{value:.{digits}g}"


def _within(value: float, question: Question) -> bool:
    return math.isclose(
        value,
        question.number,
        rel_tol=max(question.rel_tol, 1e-9),
        abs_tol=question.abs_tol,
    )


def grade_numeric(question: Question, raw: str, lang: str) -> Verdict:
    if question.number is None:
        return Verdict("invalid", _say("no_key", lang))
    value, percent = parse_number(raw)
    candidates = [value / 100, value] if percent else [value]
    if any(_within(v, question) for v in candidates):
        return Verdict("correct", _say("correct", lang))
    shown = _format_number(value) + ("%" if percent else "")
    allowed = max(question.abs_tol, question.rel_tol * abs(question.number))
    if allowed > 0 and min(abs(v - question.number) for v in candidates) <= 10 * allowed:
        return Verdict("wrong", _say("number_close", lang, value=shown))
    return Verdict("wrong", _say("number_wrong", lang, value=shown))


# ---- shapes ------------------------------------------------------------------------------


def parse_shape(raw: str) -> tuple[int, ...]:
    shape = read_shape(raw)
    if shape is None:
        raise _Unreadable("shape_format", raw=raw.strip())
    return shape


def format_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def grade_shape(question: Question, raw: str, lang: str) -> Verdict:
    if question.shape is None:
        return Verdict("invalid", _say("no_key", lang))
    shape = parse_shape(raw)
    if shape == tuple(question.shape):
        return Verdict("correct", _say("correct", lang))
    return Verdict("wrong", _say("shape_wrong", lang, shape=format_shape(shape)))


# ---- choices -----------------------------------------------------------------------------


_CHOICE_DECORATION = " ()[].:"  # "(b)", "B.", "b:" all mean B


def _choice_index(token: str, n: int) -> int | None:
    """0-based index from a letter or 1-based number; None if the token is neither."""
    if re.fullmatch(r"[a-z]", token, re.IGNORECASE):
        index = ord(token.lower()) - ord("a")
    elif re.fullmatch(r"\d+", token):
        index = int(token) - 1
    else:
        return None
    if not 0 <= index < n:
        raise _Unreadable("choice_range", n=n, last=_letter(n - 1))
    return index


def grade_single(question: Question, raw: str, lang: str) -> Verdict:
    n = len(question.choices)
    if n == 0 or not question.correct_indices:
        return Verdict("invalid", _say("no_key", lang))
    text = clean(raw)
    token = re.sub(r"^(?:option|choice|选项|答案)\s*", "", text, flags=re.IGNORECASE)
    token = token.strip(_CHOICE_DECORATION)
    index = _choice_index(token, n)
    if index is None:
        wanted = normalize_text(raw)
        matches = [
            i
            for i, choice in enumerate(question.choices)
            if wanted in (normalize_text(choice.text.en), normalize_text(choice.text.zh))
        ]
        if len(matches) == 1:
            index = matches[0]
        elif len(_choice_tokens(text)) > 1:
            raise _Unreadable("single_many", n=n, last=_letter(n - 1))
        else:
            raise _Unreadable("single_format", n=n, last=_letter(n - 1))
    if index in question.correct_indices:
        return Verdict("correct", _say("correct", lang))
    return Verdict("wrong", _say("single_wrong", lang, picked=_letter(index)))


def _choice_tokens(text: str) -> list[str]:
    tokens = [t for t in re.split(r"[\s,;/&+]+|\band\b|和|与", text, flags=re.I) if t]
    # "ac" or "AC": letters written together
    if len(tokens) == 1 and re.fullmatch(r"[a-z]{2,}", tokens[0], re.IGNORECASE):
        tokens = list(tokens[0])
    return tokens


def grade_multiple(question: Question, raw: str, lang: str) -> Verdict:
    n = len(question.choices)
    if n == 0:
        return Verdict("invalid", _say("no_key", lang))
    picked: set[int] = set()
    for token in _choice_tokens(clean(raw)):
        index = _choice_index(token.strip(_CHOICE_DECORATION), n)
        if index is None:
            raise _Unreadable("multiple_format", token=token)
        picked.add(index)
    if picked == set(question.correct_indices):
        return Verdict("correct", _say("correct", lang))
    letters = ", ".join(_letter(i) for i in sorted(picked))
    return Verdict("wrong", _say("multiple_wrong", lang, picked=letters))


# ---- text --------------------------------------------------------------------------------


def grade_text(question: Question, raw: str, lang: str) -> Verdict:
    if not question.accept:
        return Verdict("invalid", _say("no_key", lang))
    if normalize_text(raw) in {normalize_text(variant) for variant in question.accept}:
        return Verdict("correct", _say("correct", lang))
    return Verdict("wrong", _say("wrong", lang))


# ---- entry points ------------------------------------------------------------------------

_GRADERS = {
    "single": grade_single,
    "multiple": grade_multiple,
    "numeric": grade_numeric,
    "shape": grade_shape,
    "text": grade_text,
}


def grade_answer(question: Question, raw_answer: str, lang: str = "en") -> Verdict:
    """Grade one typed answer (see the module docstring for what each kind accepts)."""
    if not clean(raw_answer or ""):
        return Verdict("invalid", _say("empty", lang))
    try:
        return _GRADERS[question.kind](question, raw_answer, lang)
    except _Unreadable as problem:
        return Verdict("invalid", _say(problem.key, lang, **problem.fields))


def answer_format(question: Question, lang: str = "en") -> str:
    """How to type an answer to this question, e.g. "a letter A–D or a number 1–4"."""
    n = max(len(question.choices), 1)
    return _say(f"format_{question.kind}", lang, n=n, last=_letter(n - 1))


def correct_answer(question: Question, lang: str = "en") -> str:
    """The expected answer, written the way a learner could type it."""
    if question.kind in ("single", "multiple"):
        return "; ".join(
            f"{_letter(i)}) {question.choices[i].text.get(lang)}" for i in question.correct_indices
        )
    if question.kind == "numeric" and question.number is not None:
        allowed = max(question.abs_tol, question.rel_tol * abs(question.number))
        tolerance = f" (± {_format_number(allowed)})" if allowed else ""
        return _format_number(question.number, digits=12) + tolerance
    if question.kind == "shape" and question.shape is not None:
        return format_shape(tuple(question.shape))
    return question.accept[0] if question.accept else ""
