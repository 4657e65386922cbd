"""Turn one lesson file into a `Lesson`, or into errors that name the file and the line.

The format is documented for authors in docs/lesson-format.md. Every problem found is
reported (not just the first), each with the line to fix. A lesson with errors is not
loaded; the rest of the catalog is unaffected.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tutor.course.model import (
    LANGS,
    QUESTION_KINDS,
    Block,
    Choice,
    Code,
    Exercise,
    Lesson,
    LessonError,
    Math,
    Prose,
    Question,
    Quiz,
    Text,
)
from tutor.course.shapes import parse_shape
from tutor.course.yamlsrc import LineDict, LineList, YamlSourceError, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

LESSON_KEYS = {
    "id": True,
    "part": True,
    "order": True,
    "title": True,
    "summary": True,
    "minutes": True,
    "covers": True,
    "blocks": True,
    "prerequisites": False,
    "requires": False,
    "kernels": False,
    "glossary": False,
}
BLOCK_KINDS = ("text", "math", "code", "quiz", "exercise")
BLOCK_OPTIONS = {"text": set(), "math": set(), "code": {"id", "timeout"}, "quiz": set()}
QUESTION_KEYS = {"id", "type", "prompt", "explanation", "choices", "answer", "tolerance"}
QUESTION_KEYS |= {"rel_tolerance", "accept"}
EXERCISE_KEYS = {
    "id": True,
    "title": True,
    "prompt": True,
    "starter": True,
    "solution": True,
    "tests": True,
    "hints": True,
    "setup": False,
    "timeout": False,
}


class _Reader:
    """Collects errors for one file while reading its values."""

    def __init__(self, path: Path):
        self.path = path
        self.errors: list[LessonError] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(LessonError(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.errors.append(LessonError(self.path, line, message, severity="warning"))

    # --- shapes of values -------------------------------------------------------------

    def mapping(self, value, line: int, what: str) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.error(line, f"{what} must be a mapping of keys to values, got {_kind(value)}")
            return None
        for key, dup_line in value.duplicates:
            self.error(dup_line, f"{what}: key '{key}' appears twice")
        return value

    def keys(self, data: LineDict, spec: dict[str, bool] | set[str], what: str) -> None:
        allowed = set(spec)
        for key in data:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                more = f" (did you mean '{hint}'?)" if hint else ""
                self.error(data.line_of(key), f"{what}: unknown key '{key}'{more}")
        if isinstance(spec, dict):
            for key, required in spec.items():
                if required and key not in data:
                    self.error(data.line, f"{what}: missing required key '{key}'")

    def text(self, data: LineDict, key: str, what: str) -> Text | None:
        """A bilingual field: {en: ..., zh: ...}, both non-empty strings."""
        if key not in data:
            return None
        return self.text_value(data[key], data.line_of(key), f"{what}.{key}")

    def text_value(self, value, line: int, what: str) -> Text | None:
        if isinstance(value, str):
            self.error(line, f"{what} must have both languages, as {{en: ..., zh: ...}}")
            return None
        value = self.mapping(value, line, what)
        if value is None:
            return None
        ok = True
        for lang in LANGS:
            if lang not in value:
                self.error(value.line, f"{what}: missing translation '{lang}'")
                ok = False
            elif not isinstance(value[lang], str) or not value[lang].strip():
                self.error(value.line_of(lang), f"{what}.{lang} must be non-empty text")
                ok = False
        for extra in set(value) - set(LANGS):
            self.error(value.line_of(extra), f"{what}: unknown language '{extra}' (use en, zh)")
        return Text(value["en"], value["zh"]) if ok else None

    def string(self, data: LineDict, key: str, what: str, required: bool = True) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(data.line_of(key), f"{what}.{key} must be non-empty text")
            return None
        return value

    def identifier(self, data: LineDict, key: str, what: str) -> str | None:
        value = data.get(key)
        if key in data and (not isinstance(value, str) or not ID_PATTERN.match(value)):
            self.error(
                data.line_of(key),
                f"{what}.{key} must be lowercase letters, digits and dashes, got {value!r}",
            )
            return None
        return value

    def number(self, data: LineDict, key: str, what: str, minimum: float = 0) -> float | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            self.error(data.line_of(key), f"{what}.{key} must be a number >= {minimum}")
            return None
        return value

    def id_list(self, data: LineDict, key: str, what: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        if not isinstance(value, LineList) or not all(isinstance(v, str) for v in value):
            self.error(data.line_of(key), f"{what}.{key} must be a list of names, like [a, b]")
            return ()
        return tuple(value)

    def python(self, source: str, line: int, what: str) -> None:
        """Report a syntax error in embedded code at its line in the lesson file."""
        try:
            compile(source, what, "exec", ast.PyCF_ONLY_AST)  # parse only: no bytecode needed
        except SyntaxError as exc:
            # block scalars start on the line after the key
            at = line + (exc.lineno or 1)
            self.error(at, f"{what}: Python syntax error: {exc.msg}")


def _kind(value) -> str:
    if isinstance(value, LineDict):
        return "a mapping"
    if isinstance(value, LineList):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:60]


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return found[0] if found else None


def load_lesson(path: Path) -> tuple[Lesson | None, list[LessonError]]:
    """Parse and validate one lesson file on its own (cross-lesson checks are the catalog's)."""
    reader = _Reader(path)
    try:
        data = load_yaml(path)
    except YamlSourceError as exc:
        reader.error(exc.line, exc.message)
        return None, reader.errors
    except OSError as exc:
        reader.error(1, f"cannot read the file: {exc.strerror}")
        return None, reader.errors
    data = reader.mapping(data, 1, "lesson")
    if data is None:
        return None, reader.errors
    reader.keys(data, LESSON_KEYS, "lesson")

    lesson_id = reader.identifier(data, "id", "lesson")
    part = reader.identifier(data, "part", "lesson")
    order = reader.number(data, "order", "lesson")
    minutes = reader.number(data, "minutes", "lesson", minimum=1)
    title = reader.text(data, "title", "lesson")
    summary = reader.text(data, "summary", "lesson")
    covers = reader.id_list(data, "covers", "lesson")
    if "covers" in data and not covers:
        reader.error(data.line_of("covers"), "lesson.covers must name at least one topic id")
    glossary = _glossary(reader, data)
    blocks = _blocks(reader, data)

    if any(e.severity == "error" for e in reader.errors):
        return None, reader.errors
    lesson = Lesson(
        id=lesson_id,
        path=path,
        part=part,
        order=int(order),
        title=title,
        summary=summary,
        minutes=int(minutes),
        covers=covers,
        blocks=tuple(blocks),
        prerequisites=reader.id_list(data, "prerequisites", "lesson"),
        requires=reader.id_list(data, "requires", "lesson"),
        kernels=reader.id_list(data, "kernels", "lesson"),
        glossary=glossary,
        line=data.line,
    )
    _check_unique_ids(reader, lesson)
    _check_parity(reader, lesson)
    if any(e.severity == "error" for e in reader.errors):
        return None, reader.errors
    return lesson, reader.errors


def _glossary(reader: _Reader, data: LineDict) -> dict[str, Text]:
    if "glossary" not in data:
        return {}
    entries = reader.mapping(data["glossary"], data.line_of("glossary"), "lesson.glossary")
    result: dict[str, Text] = {}
    for term in entries or {}:
        text = reader.text_value(entries[term], entries.line_of(term), f"glossary '{term}'")
        if text:
            result[str(term)] = text
    return result


def _blocks(reader: _Reader, data: LineDict) -> list[Block]:
    raw = data.get("blocks")
    if "blocks" not in data:
        return []
    if not isinstance(raw, LineList) or not raw:
        reader.error(data.line_of("blocks"), "lesson.blocks must be a non-empty list of blocks")
        return []
    blocks: list[Block] = []
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        item = reader.mapping(item, line, f"block {index + 1}")
        if item is None:
            continue
        kinds = [k for k in item if k in BLOCK_KINDS]
        if len(kinds) != 1:
            unknown = [k for k in item if k not in BLOCK_KINDS]
            if not kinds and unknown:
                hint = _closest(str(unknown[0]), set(BLOCK_KINDS))
                more = f" (did you mean '{hint}'?)" if hint else ""
                reader.error(
                    line,
                    f"unknown block '{unknown[0]}'{more}; a block is one of: "
                    + ", ".join(BLOCK_KINDS),
                )
            else:
                reader.error(line, "a block must have exactly one of: " + ", ".join(BLOCK_KINDS))
            continue
        kind = kinds[0]
        if kind != "exercise":
            reader.keys(item, {kind} | BLOCK_OPTIONS[kind], f"{kind} block")
        block = _BLOCK_READERS[kind](reader, item, index)
        if block is not None:
            blocks.append(block)
    return blocks


def _text_block(reader: _Reader, item: LineDict, index: int) -> Prose | None:
    text = reader.text_value(item["text"], item.line_of("text"), "text block")
    return Prose(text, item.line) if text else None


def _math_block(reader: _Reader, item: LineDict, index: int) -> Math | None:
    latex = reader.string(item, "math", "math block")
    return Math(latex.strip(), item.line_of("math")) if latex else None


def _code_block(reader: _Reader, item: LineDict, index: int) -> Code | None:
    source = reader.string(item, "code", "code block")
    cell_id = reader.identifier(item, "id", "code block") or f"cell-{index + 1}"
    timeout = reader.number(item, "timeout", "code block", minimum=0.1)
    if source is None:
        return None
    reader.python(source, item.line_of("code"), f"code cell '{cell_id}'")
    return Code(cell_id, source, item.line_of("code"), timeout)


def _quiz_block(reader: _Reader, item: LineDict, index: int) -> Quiz | None:
    raw = item["quiz"]
    if not isinstance(raw, LineList) or not raw:
        reader.error(item.line_of("quiz"), "quiz block must be a non-empty list of questions")
        return None
    questions = []
    for i, q in enumerate(raw):
        question = _question(reader, q, raw.line_of(i))
        if question is not None:
            questions.append(question)
    return Quiz(tuple(questions), item.line) if len(questions) == len(raw) else None


def _question(reader: _Reader, raw, line: int) -> Question | None:
    q = reader.mapping(raw, line, "question")
    if q is None:
        return None
    reader.keys(q, QUESTION_KEYS, "question")
    qid = reader.identifier(q, "id", "question")
    what = f"question '{qid}'" if qid else "question"
    for key in ("id", "type", "prompt", "explanation"):
        if key not in q:
            reader.error(q.line, f"{what}: missing required key '{key}'")
    kind = q.get("type")
    if "type" in q and kind not in QUESTION_KINDS:
        reader.error(
            q.line_of("type"),
            f"{what}: type must be one of {', '.join(QUESTION_KINDS)}, got {kind!r}",
        )
        return None
    prompt = reader.text(q, "prompt", what)
    explanation = reader.text(q, "explanation", what)
    if not (qid and kind and prompt and explanation):
        return None
    fields: dict = {}
    if kind in ("single", "multiple"):
        fields["choices"] = _choices(reader, q, kind, what)
        if fields["choices"] is None:
            return None
    elif kind == "numeric":
        answer = q.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            reader.error(q.line_of("answer"), f"{what}: a numeric question needs answer: <number>")
            return None
        fields["number"] = float(answer)
        fields["abs_tol"] = reader.number(q, "tolerance", what) or 0.0
        fields["rel_tol"] = reader.number(q, "rel_tolerance", what) or 0.0
        if "tolerance" not in q and "rel_tolerance" not in q:
            fields["rel_tol"] = 1e-9
    elif kind == "shape":
        answer = q.get("answer")
        shape = parse_shape(str(list(answer)) if isinstance(answer, list) else str(answer))
        if "answer" not in q or shape is None:
            reader.error(
                q.line_of("answer"),
                f"{what}: a shape question needs answer: [d1, d2, ...] (whole numbers), got {answer!r}",
            )
            return None
        fields["shape"] = shape
    elif kind == "text":
        accept = q.get("accept")
        if (
            not isinstance(accept, LineList)
            or not accept
            or not all(isinstance(a, str | int | float) for a in accept)
        ):
            reader.error(
                q.line_of("accept"), f"{what}: a text question needs accept: [answer, variant, ...]"
            )
            return None
        fields["accept"] = tuple(str(a) for a in accept)
    unused = {"choices", "answer", "tolerance", "rel_tolerance", "accept"} & set(q)
    unused -= {"single": {"choices"}, "multiple": {"choices"}, "numeric": {"answer", "tolerance", "rel_tolerance"}, "shape": {"answer"}, "text": {"accept"}}[kind]  # fmt: skip
    for key in unused:
        reader.error(q.line_of(key), f"{what}: '{key}' does not apply to a {kind} question")
    return Question(qid, kind, prompt, explanation, q.line, **fields)


def _choices(reader: _Reader, q: LineDict, kind: str, what: str) -> tuple[Choice, ...] | None:
    raw = q.get("choices")
    if not isinstance(raw, LineList) or len(raw) < 2:
        reader.error(q.line_of("choices"), f"{what}: needs choices: a list of at least 2 options")
        return None
    choices = []
    for i, c in enumerate(raw):
        c = reader.mapping(c, raw.line_of(i), f"{what} choice {i + 1}")
        if c is None:
            return None
        reader.keys(c, {"en", "zh", "correct"}, f"{what} choice {i + 1}")
        correct = c.get("correct", False)
        if not isinstance(correct, bool):
            reader.error(
                c.line_of("correct"), f"{what} choice {i + 1}: correct must be true or false"
            )
        body = LineDict({k: v for k, v in c.items() if k in LANGS})
        body.line, body.key_lines, body.duplicates = c.line, c.key_lines, []
        text = reader.text_value(body, c.line, f"{what} choice {i + 1}")
        if text is None:
            return None
        choices.append(Choice(text, correct is True))
    n_correct = sum(c.correct for c in choices)
    if kind == "single" and n_correct != 1:
        reader.error(
            q.line_of("choices"),
            f"{what}: a single-choice question needs exactly one 'correct: true' choice, "
            f"found {n_correct}",
        )
        return None
    if kind == "multiple" and n_correct < 1:
        reader.error(q.line_of("choices"), f"{what}: mark at least one choice with 'correct: true'")
        return None
    return tuple(choices)


def _exercise_block(reader: _Reader, item: LineDict, index: int) -> Exercise | None:
    reader.keys(item, {"exercise"}, "exercise block")
    ex = reader.mapping(item["exercise"], item.line_of("exercise"), "exercise")
    if ex is None:
        return None
    reader.keys(ex, EXERCISE_KEYS, "exercise")
    eid = reader.identifier(ex, "id", "exercise")
    what = f"exercise '{eid}'" if eid else "exercise"
    title = reader.text(ex, "title", what)
    prompt = reader.text(ex, "prompt", what)
    code = {}
    for key in ("starter", "solution", "tests", "setup"):
        code[key] = reader.string(ex, key, what, required=key != "setup") or ""
        if code[key]:
            reader.python(code[key], ex.line_of(key), f"{what} {key}")
    if "tests" in ex and code["tests"] and not re.search(r"^def test_\w*\(", code["tests"], re.M):
        reader.error(
            ex.line_of("tests"), f"{what}: tests must define at least one 'def test_...():'"
        )
    hints = []
    raw_hints = ex.get("hints")
    if "hints" in ex:
        if not isinstance(raw_hints, LineList) or not raw_hints:
            reader.error(ex.line_of("hints"), f"{what}: hints must be a non-empty list")
        else:
            for i, h in enumerate(raw_hints):
                text = reader.text_value(h, raw_hints.line_of(i), f"{what} hint {i + 1}")
                if text:
                    hints.append(text)
    timeout = reader.number(ex, "timeout", what, minimum=0.1)
    if not (eid and title and prompt and code["starter"] and code["solution"] and code["tests"]):
        return None
    return Exercise(
        id=eid,
        title=title,
        prompt=prompt,
        starter=code["starter"],
        solution=code["solution"],
        tests=code["tests"],
        line=ex.line,
        setup=code["setup"],
        hints=tuple(hints),
        timeout=timeout,
    )


_BLOCK_READERS = {
    "text": _text_block,
    "math": _math_block,
    "code": _code_block,
    "quiz": _quiz_block,
    "exercise": _exercise_block,
}


def _check_unique_ids(reader: _Reader, lesson: Lesson) -> None:
    seen: dict[str, int] = {}
    items = [(c.id, c.line, "cell") for c in lesson.cells]
    items += [(q.id, q.line, "question") for q in lesson.questions]
    items += [(e.id, e.line, "exercise") for e in lesson.exercises]
    for item_id, line, what in items:
        if item_id in seen:
            reader.error(line, f"{what} id '{item_id}' is already used at line {seen[item_id]}")
        else:
            seen[item_id] = line


def _check_parity(reader: _Reader, lesson: Lesson) -> None:
    """The two languages must say the same math and have the same structure."""
    from tutor.course.mathscan import find_math

    for block in lesson.blocks:
        if not isinstance(block, Prose):
            continue
        en, zh = block.text.en, block.text.zh
        en_display = [m for m, d in find_math(en) if d]
        zh_display = [m for m, d in find_math(zh) if d]
        if en_display != zh_display:
            reader.error(
                block.line,
                "zh/en mismatch: the display equations ($$...$$) differ between languages "
                f"(en has {len(en_display)}, zh has {len(zh_display)})",
            )
        if _headings(en) != _headings(zh):
            reader.error(
                block.line,
                f"zh/en mismatch: heading levels differ (en {_headings(en)}, zh {_headings(zh)})",
            )
        en_inline = {m for m, d in find_math(en) if not d}
        zh_inline = {m for m, d in find_math(zh) if not d}
        if en_inline != zh_inline:
            only = sorted(en_inline ^ zh_inline)[:3]
            reader.warn(block.line, f"zh/en: inline math differs between languages: {only}")


def _headings(markdown: str) -> list[int]:
    levels = []
    fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence and (m := re.match(r"^(#{1,6})\s", line)):
            levels.append(len(m.group(1)))
    return levels
