"""Spaced review: the quiz questions that are due, one at a time."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from tutor.messages import AnswerGraded
from tutor.progress.wording import relative_time
from tutor.screens.base import TutorScreen
from tutor.widgets.bars import KeyBar, TitleBar
from tutor.widgets.quiz import QuestionCard


class ReviewScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+n", "next", "Next"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="review"):
            yield Static(id="review-status")
            yield Vertical(id="review-card")
        yield KeyBar()

    def on_mount(self) -> None:
        from tutor.progress.review import ReviewQueue

        self.queue = ReviewQueue(self.app.store)
        self.due = self.queue.due(catalog=self.app.catalog)
        self.index = 0
        self.right = 0
        self.answered = False
        self.sub_title = self.tr("Review")
        self._show()

    def _question(self, index: int):
        lesson_id, question_id = self.due[index]
        lesson = self.app.catalog.lessons[lesson_id]
        question = next(q for q in lesson.questions if q.id == question_id)
        return lesson, question

    def _show(self) -> None:
        lang = self.app.lang
        status = self.query_one("#review-status", Static)
        holder = self.query_one("#review-card", Vertical)
        holder.remove_children()
        if self.index >= len(self.due):
            if self.due:
                text = Text(
                    self.tr("Review finished: {correct} of {total} right.").format(
                        correct=self.right, total=len(self.due)
                    ),
                    style="bold",
                )
            else:
                text = Text(self.tr("Nothing is due for review."), style="bold")
            next_due = self.queue.next_due(catalog=self.app.catalog)
            if next_due is not None:
                when = relative_time(next_due, time.time(), lang)
                text.append("\n" + self.tr("The next question comes due {when}.").format(when=when))
            elif not self.due:
                text.append(
                    "\n" + self.tr("Answer quiz questions in lessons and they come back here.")
                )
            status.update(text)
            return
        lesson, question = self._question(self.index)
        status.update(
            Text.assemble(
                (self.tr("Question {n} of {total}").format(n=self.index + 1, total=len(self.due)),
                 "bold"),
                "   ",
                (self.tr("From: {lesson}").format(lesson=lesson.title.get(lang)), "dim"),
            )
        )  # fmt: skip
        self.answered = False
        card = QuestionCard(lesson.id, question, self.index + 1, lang, restore=False)
        holder.mount(card)
        self.call_after_refresh(lambda: card.query_one(Input).focus())

    def on_answer_graded(self, message: AnswerGraded) -> None:
        if not self.answered:
            self.answered = True
            self.right += message.correct
        self.notify(self.tr("Next") + ": Ctrl+N", timeout=3)

    def action_next(self) -> None:
        if self.index < len(self.due):
            self.index += 1
            self._show()

    def action_back(self) -> None:
        self.dismiss()

    def apply_language(self) -> None:
        super().apply_language()
        for card in self.query(QuestionCard):
            card.set_language(self.app.lang)
