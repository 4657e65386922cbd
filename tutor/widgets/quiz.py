"""Quiz questions: type an answer, get feedback and the explanation at once."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from tutor.course.model import Question, Quiz
from tutor.i18n import tr
from tutor.messages import AnswerGraded
from tutor.render.lesson_text import LETTERS, prose

PLACEHOLDERS = {
    "single": "Type a letter (A, B, …) and press Enter",
    "multiple": "Type letters such as A,C and press Enter",
    "numeric": "Type a number (0.25, 1/4, 2e-3) and press Enter",
    "shape": "Type a shape such as (32, 16) and press Enter",
    "text": "Type your answer and press Enter",
}


class QuestionCard(Vertical):
    """One question. Grading uses tutor.grading.answers; answers go to the progress store."""

    DEFAULT_CSS = """
    QuestionCard {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    QuestionCard > .prompt, QuestionCard > .choices, QuestionCard > .feedback {
        height: auto;
    }
    QuestionCard > Input {
        margin: 0 0 0 3;
        width: 1fr;
    }
    QuestionCard > .feedback.correct {
        border-left: thick $success;
        padding: 0 1;
    }
    QuestionCard > .feedback.wrong {
        border-left: thick $error;
        padding: 0 1;
    }
    QuestionCard > .feedback.invalid {
        color: $warning;
        padding: 0 1;
    }
    """

    def __init__(
        self, lesson_id: str, question: Question, number: int, lang: str, restore: bool = True,
        **kwargs,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.lesson_id = lesson_id
        self.question = question
        self.number = number
        self.lang = lang
        self.restore = restore
        self.last_answer: str | None = None
        self.correct: bool | None = None  # the latest counted answer, None before one
        self._shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static(classes="prompt")
        yield Static(classes="choices")
        yield Input(classes="answer", compact=True)
        yield Static(classes="feedback")

    def on_mount(self) -> None:
        if self.restore:
            history = self.app.store.answers(self.lesson_id, self.question.id)
            if history:
                self.last_answer = history[-1]["answer"]
                self.correct = history[-1]["correct"]
        self.set_language(self.lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        q = self.question
        prompt = Text.assemble((f"{self.number}. ", "bold"))
        self.query_one(".prompt", Static).update(Group(prompt, prose(q.prompt.get(lang))))
        choices = Text()
        for i, choice in enumerate(q.choices):
            choices.append(("\n" if i else "") + f"   {LETTERS[i]}. ", style="bold")
            choices.append(choice.text.get(lang))
        self.query_one(".choices", Static).update(choices)
        self.query_one(".choices", Static).display = bool(q.choices)
        self.query_one(Input).placeholder = tr(PLACEHOLDERS[q.kind], lang)
        if self.last_answer is not None:
            self._show_verdict(self.last_answer)
        else:
            self.query_one(".feedback", Static).display = False

    def _grade(self, raw: str):
        from tutor.grading.answers import grade_answer

        return grade_answer(self.question, raw, self.lang)

    def _show_verdict(self, raw: str):
        verdict = self._grade(raw)
        feedback = self.query_one(".feedback", Static)
        feedback.display = True
        feedback.set_classes(f"feedback {verdict.status}")
        if verdict.status == "invalid":
            feedback.update(Text(verdict.message))
            return verdict
        ok = verdict.status == "correct"
        head = Text.assemble(
            ("✓ " if ok else "✗ ", "bold green" if ok else "bold red"),
            (tr("Correct" if ok else "Not quite", self.lang), "bold"),
            f"  ({raw})",
        )
        if not ok:  # says what was wrong; for a right answer it would only repeat "Correct"
            head.append("  " + verdict.message)
        why = Text(tr("Why: ", self.lang), style="bold")
        feedback.update(Group(head, why, prose(self.question.explanation.get(self.lang))))
        return verdict

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        verdict = self._show_verdict(raw)
        if verdict.status == "invalid":
            return
        seconds = time.monotonic() - self._shown_at
        self.app.store.record_answer(
            self.lesson_id, self.question.id, raw, verdict.correct, round(seconds, 1)
        )
        self.last_answer = raw
        self.correct = verdict.correct
        event.input.clear()
        self.post_message(AnswerGraded(self.lesson_id, self.question.id, verdict.correct))


class QuizBlock(Vertical, can_focus=True):
    """A lesson's quiz block: its questions and a running score."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,e", "answer", "Answer")]

    DEFAULT_CSS = """
    QuizBlock {
        height: auto;
        margin: 0 0 1 0;
        border-left: blank;
    }
    QuizBlock:focus, QuizBlock:focus-within {
        border-left: thick $primary;
    }
    QuizBlock > .quiz-header {
        height: 1;
        text-style: bold;
        color: $secondary;
    }
    """

    def __init__(self, lesson_id: str, block: Quiz, first_number: int, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.lesson_id = lesson_id
        self.block = block
        self.first_number = first_number
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(classes="quiz-header")
        for i, question in enumerate(self.block.questions):
            yield QuestionCard(self.lesson_id, question, self.first_number + i, self.lang)

    def on_mount(self) -> None:
        self.call_after_refresh(self._update_score)

    @property
    def cards(self) -> list[QuestionCard]:
        return list(self.query(QuestionCard))

    def _update_score(self) -> None:
        correct = sum(bool(card.correct) for card in self.cards)
        score = tr("Score: {correct} of {total}", self.lang).format(
            correct=correct, total=len(self.block.questions)
        )
        self.query_one(".quiz-header", Static).update(f"? {tr('Quiz', self.lang)}   {score}")

    def on_answer_graded(self, _message: AnswerGraded) -> None:
        self._update_score()  # the message keeps bubbling to the screen

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for card in self.cards:
            card.set_language(lang)
        self._update_score()

    def action_answer(self) -> None:
        """Go to the first question not yet answered right (the block has nothing to type in)."""
        cards = self.cards
        target = next((c for c in cards if not c.correct), cards[0] if cards else None)
        if target is not None:
            target.query_one(Input).focus()
