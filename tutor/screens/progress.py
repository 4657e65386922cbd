"""Progress at a glance: per-part completion, quiz accuracy, streak, time spent."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.progress.wording import accuracy, duration
from tutor.render.bar import CompletionBar
from tutor.screens.base import TutorScreen
from tutor.widgets.bars import KeyBar, TitleBar


class ProgressScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="progress"):
            yield Static(id="progress-summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.tr("Progress")
        self.show_summary()

    def show_summary(self) -> None:
        lang = self.app.lang
        summary = self.app.store.summary(self.app.catalog, lang)
        tr = self.tr
        overall = Table.grid(padding=(0, 2))
        overall.add_column(style="bold")
        overall.add_column()
        lessons = summary["lessons"]
        questions = summary["questions"]
        overall.add_row(tr("Lessons done"), f"{lessons['done']} / {lessons['total']}")
        overall.add_row(tr("Questions right"), f"{questions['correct']} / {questions['total']}")
        overall.add_row(tr("Quiz accuracy"), accuracy(summary["answers"]["accuracy"]))
        overall.add_row(tr("Streak"), tr("{n} days").format(n=summary["streak_days"]))
        overall.add_row(tr("Time spent"), duration(summary["seconds"], lang))
        overall.add_row(tr("Due for review"), str(summary["review"]["due"]))
        overall.add_row(tr("Profile"), summary["profile"])

        parts = Table(expand=True, box=None, padding=(0, 1))
        parts.add_column(tr("Part"), ratio=3)
        parts.add_column(tr("Lessons"), ratio=3)
        parts.add_column(tr("Questions"), justify="right", no_wrap=True)
        parts.add_column(tr("Accuracy"), justify="right", no_wrap=True)
        parts.add_column(tr("Time"), justify="right", no_wrap=True)
        for part in summary["parts"]:
            bar = Group(
                CompletionBar(part["lessons_done"], part["lessons_total"], percent=False),
                Text(f"{part['lessons_done']}/{part['lessons_total']}"),
            )
            parts.add_row(
                part["title"],
                bar,
                f"{part['questions_correct']}/{part['questions_total']}",
                accuracy(part["accuracy"]),
                duration(part["seconds"], lang),
            )
        self.query_one("#progress-summary", Static).update(
            Group(Text(tr("Progress"), style="bold underline"), overall, Text(""), parts)
        )

    def action_back(self) -> None:
        self.dismiss()

    def apply_language(self) -> None:
        super().apply_language()
        self.sub_title = self.tr("Progress")
        self.show_summary()
