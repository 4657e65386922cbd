"""The first screen: the course as a tree with status, overall progress and "continue"."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Static, Tree

from tutor.messages import OpenLesson
from tutor.render.bar import CompletionBar
from tutor.screens.base import TutorScreen
from tutor.widgets.bars import KeyBar, TitleBar
from tutor.widgets.lesson_tree import STATUS_MARKS, LessonTree, lesson_state, status_label

NARROW_WIDTH = 70  # below this the details go under the tree


class CourseMapScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue"),
        Binding("r", "app.review", "Review"),
        Binding("p", "app.progress", "Progress"),
        Binding("slash", "app.command_palette", "Search"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="overview")
        yield Static(id="continue")
        with Horizontal(id="map"):
            yield LessonTree(id="lessons")
            with VerticalScroll(id="details"):
                yield Static(id="lesson-info")
        yield KeyBar()

    def on_mount(self) -> None:
        self.states: dict[str, str] = {}
        self._stale = False
        self._continue_when_loaded = False
        self.query_one("#overview", Static).update(self.tr("Loading the course…"))
        self.query_one("#continue", Static).display = False
        if self.app.catalog is not None:
            self.show_course()
        self.query_one(LessonTree).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        # back from a lesson, review or progress: statuses may have changed
        if self.app.catalog is not None and self._stale:
            self.show_course()

    @property
    def catalog(self):
        return self.app.catalog

    def show_course(self) -> None:
        """Fill the tree, the progress bar and the continue button from the catalog."""
        catalog = self.catalog
        store = self.app.store
        self._stale = False
        self.states = {lid: lesson_state(store, le) for lid, le in catalog.lessons.items()}
        tree = self.query_one(LessonTree)
        tree.show(catalog, self.states, self.app.lang)
        done = sum(s in ("done", "passed") for s in self.states.values())
        total = len(catalog.lessons)
        text = Text(self.tr("{done} of {total} lessons done").format(done=done, total=total))
        if catalog.error_count:
            text.append("   ")
            text.append(
                self.tr("{n} lesson file problems: run `dltutor check`").format(
                    n=catalog.error_count
                ),
                style="bold red",
            )
        bar = CompletionBar(done, total)
        self.query_one("#overview", Static).update(Group(text, bar))
        button = self.query_one("#continue", Static)
        target = self._continue_target()
        button.display = target is not None
        if target is not None:
            lesson_id, _block, resumed = target
            title = catalog.lessons[lesson_id].title.get(self.app.lang)
            template = "Continue: {title}" if resumed else "Start: {title}"
            label = escape(self.tr(template).format(title=title))
            button.update(f"[@click=screen.continue] ▶ {label} [/]")
        self._show_details(tree.cursor_node.data if tree.cursor_node else None)
        if self._continue_when_loaded:
            self._continue_when_loaded = False
            self.action_continue()

    def _continue_target(self) -> tuple[str, int, bool] | None:
        """(lesson, block, resumed): where the learner left off, else the first unfinished."""
        position = self.app.store.last_position()
        if position and position[0] in self.catalog.lessons:
            return position[0], position[1] or 0, True
        for lesson_id, state in self.states.items():
            if state == "new":
                return lesson_id, 0, False
        return None

    def _show_details(self, lesson_id: str | None) -> None:
        info = self.query_one("#lesson-info", Static)
        if not lesson_id or self.catalog is None or lesson_id not in self.catalog.lessons:
            info.update("")
            return
        lang = self.app.lang
        lesson = self.catalog.lessons[lesson_id]
        lines: list = [
            Text(lesson.title.get(lang), style="bold"),
            Text(lesson.summary.get(lang)),
            Text(""),
            Text.assemble((self.tr("Status") + ": ", "bold"),
                          status_label(self.states.get(lesson_id, "new"), lang)),
            Text(f"{lesson.minutes} {self.tr('minutes')}"),
        ]  # fmt: skip
        prereqs = Text(self.tr("Prerequisites") + ": ", style="bold")
        if not lesson.prerequisites:
            prereqs.append(self.tr("none"))
        for i, prereq in enumerate(lesson.prerequisites):
            other = self.catalog.lessons.get(prereq)
            state = self.states.get(prereq, "new")
            prereqs.append(("; " if i else "") + STATUS_MARKS[state] + " ")
            prereqs.append(other.title.get(lang) if other else prereq)
        lines.append(prereqs)
        topics = [
            self.catalog.topics[t].title.get(lang)
            for t in lesson.covers
            if t in self.catalog.topics
        ]
        if topics:
            lines.append(Text.assemble((self.tr("Covers") + ": ", "bold"), ", ".join(topics)))
        info.update(Group(*lines))

    @on(Tree.NodeHighlighted, "#lessons")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_details(event.node.data)

    @on(Tree.NodeSelected, "#lessons")
    def _selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.post_message(OpenLesson(event.node.data))

    def action_continue(self) -> None:
        if self.catalog is None:
            self._continue_when_loaded = True  # pressed while the course loads: done after
            return
        target = self._continue_target()
        if target is not None:
            self.post_message(OpenLesson(target[0], target[1]))

    def apply_language(self) -> None:
        super().apply_language()
        if self.catalog is not None:
            self.show_course()
