"""Messages that travel between screens and widgets of the app."""

from __future__ import annotations

from textual.message import Message


class OpenLesson(Message):
    """Open a lesson, optionally at a block (course map, search, "continue")."""

    def __init__(self, lesson_id: str, block: int = 0) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.block = block


class ProgressChanged(Message):
    """Something the course map shows (a status, an answer) changed."""


class AnswerGraded(Message):
    """A quiz question was answered (bubbles up from a QuestionCard)."""

    def __init__(self, lesson_id: str, question_id: str, correct: bool) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.question_id = question_id
        self.correct = correct


class ExerciseGraded(Message):
    """An exercise was graded (bubbles up from an ExercisePanel)."""

    def __init__(self, exercise_id: str, passed: bool) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.passed = passed
