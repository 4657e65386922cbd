"""An auto-graded exercise: editor, per-test results, hints, solution and diff."""

from __future__ import annotations

import difflib
from typing import ClassVar

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from tutor.course.model import Exercise
from tutor.i18n import tr
from tutor.messages import ExerciseGraded
from tutor.render.lesson_text import prose
from tutor.widgets.cell_editor import CellEditor

SOLUTION_AFTER_FAILURES = 3  # failed attempts after which the solution is shown unasked
SAVE_DELAY = 1.0  # seconds of quiet typing before the code is saved


def solution_diff(attempt: str, solution: str) -> str:
    """A unified diff from the learner's attempt to the reference solution."""
    lines = difflib.unified_diff(
        attempt.rstrip("\n").splitlines(),
        solution.rstrip("\n").splitlines(),
        fromfile="attempt",
        tofile="solution",
        lineterm="",
    )
    return "\n".join(lines)


class ExercisePanel(Vertical, can_focus=True):
    """One exercise. The lesson screen runs the tests (it owns the kernel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "run_tests", "Run tests"),
        Binding("e,enter", "edit", "Edit"),
        Binding("h", "hint", "Hint"),
        Binding("s", "solution", "Solution"),
        Binding("d", "diff", "Diff"),
    ]

    DEFAULT_CSS = """
    ExercisePanel {
        height: auto;
        margin: 0 0 1 0;
        border-left: blank;
        border-top: hkey $secondary;
    }
    ExercisePanel:focus, ExercisePanel:focus-within {
        border-left: thick $primary;
    }
    ExercisePanel > Static {
        height: auto;
        padding: 0 1;
    }
    ExercisePanel > .title {
        text-style: bold;
        color: $secondary;
    }
    ExercisePanel > .status {
        color: $text-muted;
    }
    ExercisePanel > .results.passed {
        border-left: thick $success;
    }
    ExercisePanel > .results.failed {
        border-left: thick $error;
    }
    """

    class RunTests(Message):
        def __init__(self, panel: ExercisePanel, code: str) -> None:
            super().__init__()
            self.panel = panel
            self.code = code

    def __init__(self, lesson_id: str, block: Exercise, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson_id = lesson_id
        self.block = block
        self.lang = lang
        self.running = False
        self.result = None
        self.attempts = 0
        self.failures = 0
        self.passed = False
        self.hints_shown = 0
        self.solution_shown = False
        self.diff_shown = False
        self._solution_asked = False
        self._save_timer = None

    def compose(self) -> ComposeResult:
        store = self.app.store
        code = store.latest_exercise_code(self.lesson_id, self.block.id)
        yield Static(classes="title")
        yield Static(classes="prompt")
        # kept: on unmount the children are gone before the last save
        self._editor = CellEditor(code if code is not None else self.block.starter.rstrip("\n"))
        yield self._editor
        yield Static(classes="status")
        yield Static(classes="results")
        yield Static(classes="hints")
        yield Static(classes="solution")

    def on_mount(self) -> None:
        store = self.app.store
        history = store.exercise_attempts(self.lesson_id, self.block.id)
        self.attempts = len(history)
        self.passed = any(a["passed"] for a in history)
        self.failures = sum(not a["passed"] for a in history)
        reveals = store.reveals(self.lesson_id, self.block.id)
        self.hints_shown = min(len(self.block.hints), max(reveals["hint"], default=-1) + 1)
        self.solution_shown = bool(reveals["solution"])
        self.set_language(self.lang)

    @property
    def editor(self) -> CellEditor:
        return self._editor

    @property
    def code(self) -> str:
        return self.editor.text

    # ---- drawing -----------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.query_one(".title", Static).update(
            f"✎ {tr('Exercise', lang)}: {self.block.title.get(lang)}"
        )
        self.query_one(".prompt", Static).update(prose(self.block.prompt.get(lang)))
        self._draw_status()
        self._draw_results()
        self._draw_hints()
        self._draw_solution()

    def _draw_status(self) -> None:
        text = Text(tr("Run tests: Ctrl+R in the editor, or t", self.lang), style="dim")
        text.append("   " + tr("Attempts: {n}", self.lang).format(n=self.attempts))
        if self.running:
            text.append("   " + tr("Running the tests…", self.lang), style="bold yellow")
        self.query_one(".status", Static).update(text)

    def _draw_results(self) -> None:
        widget = self.query_one(".results", Static)
        result = self.result
        widget.display = result is not None
        if result is None:
            return
        lines: list = []
        widget.set_classes("results " + ("passed" if result.passed else "failed"))
        if result.error:
            lines.append(
                Text(tr("The tests could not run: {error}", self.lang).format(error=result.error),
                     style="bold red")
            )  # fmt: skip
        for test in result.tests:
            mark = ("✓ ", "green") if test.passed else ("✗ ", "bold red")
            lines.append(Text.assemble(mark, (test.name, "bold"), "  ", test.message))
        n_ok = sum(t.passed for t in result.tests)
        summary = (
            tr("All tests passed!", self.lang)
            if result.passed
            else tr("{passed} of {total} tests passed", self.lang).format(
                passed=n_ok, total=len(result.tests)
            )
        )
        lines.append(Text(summary, style="bold green" if result.passed else "bold"))
        if result.output.strip():
            lines.append(Text(tr("What you printed", self.lang) + ":", style="dim"))
            lines.append(Text(result.output.rstrip()[-2000:]))
        widget.update(Group(*lines))

    def _draw_hints(self) -> None:
        widget = self.query_one(".hints", Static)
        widget.display = self.hints_shown > 0
        lines = [
            Text.assemble(
                (tr("Hint {n}: ", self.lang).format(n=i + 1), "bold yellow"),
                self.block.hints[i].get(self.lang),
            )
            for i in range(self.hints_shown)
        ]
        widget.update(Group(*lines))

    def _draw_solution(self) -> None:
        widget = self.query_one(".solution", Static)
        widget.display = self.solution_shown
        if not self.solution_shown:
            return
        parts: list = [
            Text(tr("Solution", self.lang), style="bold green"),
            Syntax(self.block.solution.rstrip("\n"), "python", background_color="default"),
        ]
        if self.diff_shown:
            diff = solution_diff(self.code, self.block.solution)
            parts.append(Text(tr("Your attempt vs the solution", self.lang), style="bold"))
            if diff:
                parts.append(Syntax(diff, "diff", background_color="default"))
            else:
                parts.append(Text(tr("Your code is the same as the solution.", self.lang)))
        widget.update(Group(*parts))

    # ---- actions -----------------------------------------------------------------------

    def action_edit(self) -> None:
        self.editor.focus()

    def action_run_tests(self) -> None:
        if self.running:
            return
        self.app.store.save_exercise_code(self.lesson_id, self.block.id, self.code)
        self.running = True
        self._draw_status()
        self.post_message(self.RunTests(self, self.code))

    @on(CellEditor.Submitted)
    def _submitted(self, event: CellEditor.Submitted) -> None:
        event.stop()
        self.action_run_tests()

    def show_result(self, result, code: str) -> None:
        """The tests finished (called by the lesson screen on the UI thread)."""
        self.running = False
        self.result = result
        self.attempts += 1
        results = [{"name": t.name, "passed": t.passed, "message": t.message} for t in result.tests]
        self.app.store.record_exercise_attempt(
            self.lesson_id, self.block.id, code, result.passed, results
        )
        if result.passed:
            self.passed = True
        else:
            self.failures += 1
            if self.failures >= SOLUTION_AFTER_FAILURES and not self.solution_shown:
                self._reveal_solution()
        self._draw_status()
        self._draw_results()
        self._draw_solution()
        self.post_message(ExerciseGraded(self.block.id, result.passed))

    def action_hint(self) -> None:
        if self.hints_shown >= len(self.block.hints):
            self.notify(tr("No more hints.", self.lang))
            return
        self.app.store.reveal(self.lesson_id, self.block.id, "hint", self.hints_shown)
        self.hints_shown += 1
        self._draw_hints()

    def action_solution(self) -> None:
        if self.solution_shown:
            return
        if self.failures < SOLUTION_AFTER_FAILURES and not self._solution_asked:
            # asking before trying much: make sure it is on purpose
            self._solution_asked = True
            self.notify(tr("Press s again to see the solution (it is recorded).", self.lang))
            return
        self._reveal_solution()
        self._draw_solution()

    def _reveal_solution(self) -> None:
        self.app.store.reveal(self.lesson_id, self.block.id, "solution")
        self.solution_shown = True

    def action_diff(self) -> None:
        if not self.solution_shown:
            self.notify(tr("Reveal the solution first (s).", self.lang))
            return
        self.diff_shown = not self.diff_shown
        self._draw_solution()

    @on(TextArea.Changed)
    def _code_changed(self, event: TextArea.Changed) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_now)
        if self.diff_shown:
            self._draw_solution()

    def _save_now(self) -> None:
        self._save_timer = None
        self.save_code()

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self.save_code()  # typing not yet saved

    def save_code(self) -> None:
        self.app.store.save_exercise_code(self.lesson_id, self.block.id, self.code)
