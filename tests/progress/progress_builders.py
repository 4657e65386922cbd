"""Lessons and questions for the progress tests, built directly from the model dataclasses."""

from __future__ import annotations

from pathlib import Path

from tutor.course.model import Choice, Lesson, Part, Question, Quiz, Text


def text(en: str, zh: str | None = None) -> Text:
    return Text(en, zh if zh is not None else en)


def single(qid: str = "q", correct: int = 1, n: int = 4, **kw) -> Question:
    return Question(
        id=qid,
        kind="single",
        prompt=text(f"Pick option {correct + 1}"),
        explanation=text("Because."),
        line=1,
        choices=tuple(Choice(text(f"option {i + 1}"), i == correct) for i in range(n)),
        **kw,
    )


def multiple(qid: str = "m", correct: tuple[int, ...] = (0, 2), n: int = 4) -> Question:
    return Question(
        id=qid,
        kind="multiple",
        prompt=text("Pick all that apply"),
        explanation=text("Because."),
        line=1,
        choices=tuple(Choice(text(f"choice {i + 1}"), i in correct) for i in range(n)),
    )


def numeric(qid: str = "n", number: float = 0.5, abs_tol: float = 0.0, rel_tol: float = 0.0):
    return Question(
        id=qid,
        kind="numeric",
        prompt=text("How much?"),
        explanation=text("Because."),
        line=1,
        number=number,
        abs_tol=abs_tol,
        rel_tol=rel_tol,
    )


def shape(qid: str = "s", dims: tuple[int, ...] = (2, 3)) -> Question:
    return Question(
        id=qid,
        kind="shape",
        prompt=text("What shape?"),
        explanation=text("Because."),
        line=1,
        shape=dims,
    )


def short_text(qid: str = "t", accept: tuple[str, ...] = ("gradient descent", "梯度下降")):
    return Question(
        id=qid,
        kind="text",
        prompt=text("Name it"),
        explanation=text("It is gradient descent.", "这是梯度下降。"),
        line=1,
        accept=accept,
    )


def lesson(lesson_id: str, questions: list[Question], part: str = "basics") -> Lesson:
    return Lesson(
        id=lesson_id,
        path=Path(f"/nowhere/{lesson_id}.yaml"),
        part=part,
        order=1,
        title=text(lesson_id.title()),
        summary=text(""),
        minutes=10,
        covers=(),
        blocks=(Quiz(tuple(questions), line=1),),
    )


class FakeCatalog:
    """The part of tutor.course.catalog.Catalog the progress code uses."""

    def __init__(self, lessons: list[Lesson]):
        self.lessons = {le.id: le for le in lessons}
        self.parts = [Part(p, text(p.title())) for p in dict.fromkeys(le.part for le in lessons)]
        self.errors = []
        self.error_count = 0

    def get(self, lesson_id: str) -> Lesson:
        try:
            return self.lessons[lesson_id]
        except KeyError:
            raise KeyError(f"no lesson with id '{lesson_id}' (see `dltutor list`)") from None

    def find(self, ref: str) -> Lesson | None:
        return self.lessons.get(ref)

    def part_title(self, part_id: str) -> Text:
        return next((p.title for p in self.parts if p.id == part_id), text(part_id))
