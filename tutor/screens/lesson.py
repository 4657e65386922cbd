"""The lesson reader: prose, math, runnable cells, quizzes and exercises, with contents."""

from __future__ import annotations

import contextlib
import time
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.worker import get_current_worker

from tutor.course.model import Code, Exercise, Lesson, Math, Prose, Quiz
from tutor.messages import AnswerGraded, ExerciseGraded
from tutor.screens.base import TutorScreen
from tutor.screens.lesson_kernel import KernelUnavailable, LessonKernel
from tutor.widgets.bars import KeyBar, TitleBar
from tutor.widgets.code_cell import CodeCell
from tutor.widgets.exercise_panel import ExercisePanel
from tutor.widgets.lesson_contents import LessonContents
from tutor.widgets.prose_block import MathBlock, ProseBlock
from tutor.widgets.quiz import QuizBlock

NARROW_WIDTH = 100  # below this the contents start hidden
TIME_FLUSH_INTERVAL = 60.0  # seconds: time spent is saved this often (and on leaving)
# ExecResult statuses (tutor.sandbox.kernel.STATUSES) a cell header can show
CELL_STATUSES = {"ok", "error", "interrupted", "timeout", "memory", "output", "procs", "crashed"}


class LessonScreen(TutorScreen):
    """One open lesson and its kernel (started when the screen mounts, closed when it goes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("j,n", "next_block", "Next block", key_display="j"),
        Binding("k,p", "previous_block", "Previous block", key_display="k", show=False),
        Binding("A", "run_all", "Run all"),
        Binding("ctrl+c", "interrupt", "Interrupt", priority=True),
        Binding("R", "reset_kernel", "Reset kernel", show=False),
        Binding("c", "toggle_contents", "Contents"),
        Binding("K", "kernel_source", "Kernel source", show=False),
    ]

    def __init__(self, lesson: Lesson, block: int = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self.start_block = block
        self.block_widgets: list[Widget] = []
        self.kernel: LessonKernel | None = None
        self.kernel_state = "starting"
        self._position = -1
        self._time_mark = time.monotonic()
        self._completed = False

    # ---- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield TitleBar()
        with Horizontal(id="lesson-body"):
            yield LessonContents(id="contents")
            with VerticalScroll(id="blocks"):
                yield Static(id="lesson-title")
                self.block_widgets = list(self._block_widgets(lang))
                yield from self.block_widgets
        yield KeyBar()

    def _block_widgets(self, lang: str):
        cell_number = question_number = 0
        for block in self.lesson.blocks:
            if isinstance(block, Prose):
                yield ProseBlock(block, lang)
            elif isinstance(block, Math):
                yield MathBlock(block)
            elif isinstance(block, Code):
                cell_number += 1
                yield CodeCell(block, cell_number, lang)
            elif isinstance(block, Quiz):
                yield QuizBlock(self.lesson.id, block, question_number + 1, lang)
                question_number += len(block.questions)
            elif isinstance(block, Exercise):
                yield ExercisePanel(self.lesson.id, block, lang)

    def on_mount(self) -> None:
        store = self.app.store
        store.set_lesson_status(self.lesson.id, "started")
        self._completed = self._lesson_complete(check_store=True)
        self.query_one("#contents", LessonContents).display = self.app.size.width >= NARROW_WIDTH
        self._draw_words()
        self.kernel = LessonKernel(self.lesson)
        self.run_kernel(self.kernel)
        self.set_interval(TIME_FLUSH_INTERVAL, self._flush_time)
        index = min(max(self.start_block, 0), len(self.block_widgets) - 1)
        if self.block_widgets:
            self.call_after_refresh(self.focus_block, index, True)

    def on_unmount(self) -> None:
        self._flush_time()
        if self.kernel is not None:
            self.kernel.stop()

    def _flush_time(self) -> None:
        now = time.monotonic()
        self.app.store.add_time(self.lesson.id, now - self._time_mark)
        self._time_mark = now

    def _draw_words(self) -> None:
        lang = self.app.lang
        title = Text(self.lesson.title.get(lang), style="bold")
        title.append("\n")
        title.append(self.lesson.summary.get(lang), style="italic")
        self.query_one("#lesson-title", Static).update(title)
        self.query_one("#contents", LessonContents).show(self.lesson, lang)
        self._draw_kernel_state()

    def _draw_kernel_state(self) -> None:
        self.sub_title = f"{self.lesson.title.get(self.app.lang)} — " + self.tr(
            f"kernel: {self.kernel_state}"
        )

    def apply_language(self) -> None:
        super().apply_language()
        lang = self.app.lang
        for widget in self.block_widgets:
            widget.set_language(lang)
        self._draw_words()

    # ---- the kernel ------------------------------------------------------------------------

    @work(thread=True, group="kernel", name="lesson kernel")
    def run_kernel(self, kernel: LessonKernel) -> None:
        worker = get_current_worker()
        kernel.start()
        self._from_thread(self._kernel_started, kernel.error)
        # a cancelled worker (the app is quitting) stops serving even if unmount never came
        kernel.serve(cancelled=lambda: worker.is_cancelled)

    def _from_thread(self, callback, *args) -> None:
        """Call `callback` on the UI thread, unless the app has already gone."""
        # once the app is shutting down there is nothing left to update
        with contextlib.suppress(Exception):
            self.app.call_from_thread(callback, *args)

    def _kernel_started(self, error: str | None) -> None:
        self.kernel_state = "unavailable" if error else "ready"
        if error:
            self.notify(
                self.tr("The kernel is not available: {reason}").format(reason=error),
                severity="error",
                timeout=10,
            )
        self._draw_kernel_state()

    def _set_busy(self, busy: bool) -> None:
        if self.kernel_state in ("ready", "busy"):
            self.kernel_state = "busy" if busy else "ready"
            self._draw_kernel_state()

    def queue_cell(self, cell: CodeCell) -> None:
        if cell.status in ("queued", "running"):
            return
        cell.start()
        code = cell.code
        kernel = self.kernel
        lang = self.app.lang  # error explanations in the language of the moment

        def job() -> None:
            if cell.status != "queued":  # dropped by an interrupt or an earlier failure
                return
            self._from_thread(self._cell_running, cell)
            started = time.monotonic()
            try:
                result = kernel.execute(
                    code, cell.output.append, cell.block.timeout, f"<cell {cell.block.id}>", lang
                )
            except KernelUnavailable as exc:
                self._from_thread(self._cell_failed, cell, str(exc), time.monotonic() - started)
                return
            self._from_thread(self._cell_finished, cell, result)

        kernel.submit(job)

    def _cell_running(self, cell: CodeCell) -> None:
        cell.status = "running"
        self._set_busy(True)

    def _cell_failed(self, cell: CodeCell, reason: str, duration: float) -> None:
        cell.finish("error", duration, reason)
        cell.output.append({"kind": "stream", "name": "stderr", "text": reason + "\n"})
        self._set_busy(False)
        self._drop_queued()

    def _cell_finished(self, cell: CodeCell, result) -> None:
        status = result.status if result.status in CELL_STATUSES else "error"
        message = "" if status == "ok" else (result.message or "")
        cell.finish(status, result.duration, message)
        if status not in ("ok", "error") and message:
            # "error" already streamed its explained traceback; other stops only have a message
            cell.output.append({"kind": "stream", "name": "stderr", "text": message + "\n"})
        self._set_busy(False)
        if getattr(result, "kernel_reset", False):
            self.notify(self.tr("Kernel restarted: variables from earlier cells are gone."))
        if status != "ok":
            self._drop_queued()  # later cells would fail on what this one did not define

    def _drop_queued(self) -> None:
        for cell in self.query(CodeCell):
            if cell.status == "queued":
                cell.finish("idle", None)

    def running_cell(self) -> CodeCell | None:
        return next((c for c in self.query(CodeCell) if c.status == "running"), None)

    # ---- exercises -------------------------------------------------------------------------

    @on(ExercisePanel.RunTests)
    def _run_tests(self, message: ExercisePanel.RunTests) -> None:
        panel, code, kernel = message.panel, message.code, self.kernel
        lang = self.app.lang

        def job() -> None:
            self._from_thread(self._set_busy, True)
            try:
                result = kernel.grade(panel.block, code, lang)
            except KernelUnavailable as exc:
                from tutor.grading.exercise import ExerciseResult

                result = ExerciseResult(passed=False, error=str(exc))
            self._from_thread(self._tests_done, panel, result, code)

        kernel.submit(job)

    def _tests_done(self, panel: ExercisePanel, result, code: str) -> None:
        self._set_busy(False)
        panel.show_result(result, code)

    # ---- completion and position ------------------------------------------------------------

    def _lesson_complete(self, check_store: bool = False) -> bool:
        """Every question answered and every exercise passed at least once."""
        if check_store:
            store = self.app.store
            answered = {a["question_id"] for a in store.answers(self.lesson.id)}
            passed = {
                ex.id
                for ex in self.lesson.exercises
                if any(a["passed"] for a in store.exercise_attempts(self.lesson.id, ex.id))
            }
            return {q.id for q in self.lesson.questions} <= answered and passed == {
                ex.id for ex in self.lesson.exercises
            }
        quizzes_done = all(
            card.correct is not None for quiz in self.query(QuizBlock) for card in quiz.cards
        )
        return quizzes_done and all(p.passed for p in self.query(ExercisePanel))

    def on_answer_graded(self, _message: AnswerGraded) -> None:
        self._check_complete()

    def on_exercise_graded(self, _message: ExerciseGraded) -> None:
        self._check_complete()

    def _check_complete(self) -> None:
        if not self._completed and self._lesson_complete():
            self._completed = True
            self.app.store.set_lesson_status(self.lesson.id, "done")
            self.notify(self.tr("Lesson complete!"), severity="information")

    def on_descendant_focus(self, event) -> None:
        index = self._block_of(event.widget)
        if index is not None and index != self._position:
            self._position = index
            self.app.store.set_last_position(self.lesson.id, index)

    def _block_of(self, widget: Widget | None) -> int | None:
        while widget is not None and widget is not self:
            if widget in self.block_widgets:
                return self.block_widgets.index(widget)
            widget = widget.parent
        return None

    # ---- actions ----------------------------------------------------------------------------

    def focus_block(self, index: int, top: bool = False) -> None:
        if not self.block_widgets:
            return
        index = min(max(index, 0), len(self.block_widgets) - 1)
        widget = self.block_widgets[index]
        widget.focus(scroll_visible=False)
        if index == 0:
            self.query_one("#blocks").scroll_home(animate=False)  # keep the title in view
        else:
            widget.scroll_visible(top=top, animate=False)

    def _current_block(self) -> int:
        index = self._block_of(self.focused)
        return index if index is not None else max(self._position, -1)

    def action_next_block(self) -> None:
        self.focus_block(self._current_block() + 1, top=True)

    def action_previous_block(self) -> None:
        self.focus_block(self._current_block() - 1, top=True)

    @on(CodeCell.RunRequested)
    def _run_requested(self, message: CodeCell.RunRequested) -> None:
        self.queue_cell(message.cell)

    def action_run_all(self) -> None:
        for cell in self.query(CodeCell):
            self.queue_cell(cell)

    def action_interrupt(self) -> None:
        self._drop_queued()
        if self.kernel is not None and (self.running_cell() or self.kernel.busy):
            self.kernel.interrupt()
            self.notify(self.tr("Interrupted."))
        else:
            self.notify(self.tr("Nothing is running."))

    def action_reset_kernel(self) -> None:
        kernel = self.kernel
        if kernel is None:
            return
        self._drop_queued()
        kernel.drop_pending()
        kernel.interrupt()

        def job() -> None:
            try:
                kernel.reset()
            except KernelUnavailable:
                return
            self._from_thread(self._kernel_was_reset)

        kernel.submit(job)

    def _kernel_was_reset(self) -> None:
        for cell in self.query(CodeCell):
            if cell.status != "running":
                cell.finish("idle", None)
        self.notify(self.tr("Kernel restarted: variables from earlier cells are gone."))

    def action_toggle_contents(self) -> None:
        contents = self.query_one("#contents", LessonContents)
        contents.display = not contents.display
        if contents.display:
            contents.focus()

    @on(OptionList.OptionSelected, "#contents")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.focus_block(LessonContents.block_index(event.option), top=True)

    def action_kernel_source(self) -> None:
        from tutor.screens.kernel_source import KernelSourceScreen

        if not self.lesson.kernels:
            self.notify(self.tr("This lesson shows no kernels/ code."))
            return
        self.app.push_screen(KernelSourceScreen(self.lesson.kernels))

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input | TextArea):
            # leave the field first; a second Escape leaves the lesson
            index = self._block_of(focused)
            if index is not None:
                self.focus_block(index)
                return
        self.dismiss()
