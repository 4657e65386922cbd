"""The lesson model: what a lesson file becomes once loaded. Plain data, no Textual.

A lesson is single-sourced: code cells, quiz answers, exercises and tests exist once;
only prose (every `Text`) carries an English and a Chinese version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

QuestionKind = Literal["single", "multiple", "numeric", "shape", "text"]
QUESTION_KINDS: tuple[str, ...] = ("single", "multiple", "numeric", "shape", "text")


@dataclass(frozen=True)
class Text:
    """One piece of prose in both languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Prose:
    """Markdown with inline `$...$` and display `$$...$$` math."""

    text: Text
    line: int


@dataclass(frozen=True)
class Math:
    """A display equation, the same in both languages."""

    latex: str
    line: int


@dataclass(frozen=True)
class Code:
    """A runnable cell. Cells of a lesson share one kernel, in order."""

    id: str
    source: str
    line: int
    timeout: float | None = None  # seconds; None means the kernel's default


@dataclass(frozen=True)
class Choice:
    text: Text
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: Text
    explanation: Text
    line: int
    choices: tuple[Choice, ...] = ()  # single / multiple
    number: float | None = None  # numeric
    abs_tol: float = 0.0  # numeric
    rel_tol: float = 0.0  # numeric
    shape: tuple[int, ...] | None = None  # shape
    accept: tuple[str, ...] = ()  # text: accepted variants (any language)

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class Quiz:
    questions: tuple[Question, ...]
    line: int


@dataclass(frozen=True)
class Exercise:
    """Auto-graded: `tests` (functions named test_*) run against the learner's code.

    Grading runs setup, then the learner's code, then the tests, in a fresh namespace
    of the lesson's kernel. Reference `solution` must pass; `starter` must fail.
    """

    id: str
    title: Text
    prompt: Text
    starter: str
    solution: str
    tests: str
    line: int
    setup: str = ""
    hints: tuple[Text, ...] = ()
    timeout: float | None = None


Block = Prose | Math | Code | Quiz | Exercise


@dataclass
class Lesson:
    id: str
    path: Path
    part: str
    order: int
    title: Text
    summary: Text
    minutes: int
    covers: tuple[str, ...]
    blocks: tuple[Block, ...]
    prerequisites: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # python modules the kernel should pre-import, e.g. torch
    kernels: tuple[str, ...] = ()  # dotted names of kernels/ functions the lesson shows
    glossary: dict[str, Text] = field(default_factory=dict)
    line: int = 1

    @property
    def cells(self) -> list[Code]:
        return [b for b in self.blocks if isinstance(b, Code)]

    @property
    def questions(self) -> list[Question]:
        return [q for b in self.blocks if isinstance(b, Quiz) for q in b.questions]

    @property
    def exercises(self) -> list[Exercise]:
        return [b for b in self.blocks if isinstance(b, Exercise)]

    @property
    def equations(self) -> list[tuple[str, int, bool]]:
        """Every equation as (latex, line, display) from math blocks and prose."""
        from tutor.course.mathscan import find_math

        found: list[tuple[str, int, bool]] = []
        for block in self.blocks:
            if isinstance(block, Math):
                found.append((block.latex, block.line, True))
            elif isinstance(block, Prose):
                for lang in ("en", "zh"):
                    for latex, display in find_math(block.text.get(lang)):
                        if (latex, block.line, display) not in found:
                            found.append((latex, block.line, display))
        return found


@dataclass(frozen=True)
class Part:
    id: str
    title: Text


@dataclass(frozen=True)
class Topic:
    id: str
    part: str
    title: Text
    core: bool


@dataclass(frozen=True)
class LessonError:
    """A problem in a lesson file, pointing at the line."""

    path: Path
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"
