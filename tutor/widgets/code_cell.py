"""A runnable code cell: a header with its status, the editable code, the output below."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tutor.course.model import Code
from tutor.i18n import tr
from tutor.widgets.cell_editor import CellEditor
from tutor.widgets.cell_output import CellOutput

STATUS_MARKS = {
    "idle": ("·", "dim"),
    "queued": ("…", "yellow"),
    "running": ("⟳", "bold yellow"),
    "ok": ("✓", "green"),
    "error": ("✗", "bold red"),
    "interrupted": ("■", "yellow"),
    "timeout": ("⌛", "red"),
    "memory": ("✗", "bold red"),
    "output": ("✗", "bold red"),
    "procs": ("✗", "bold red"),
    "crashed": ("✗", "bold red"),
}


class CodeCell(Vertical, can_focus=True):
    """One `code` block. `r` (or Ctrl+R in the editor) asks the lesson screen to run it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "run", "Run cell"),
        Binding("e,enter", "edit", "Edit"),
    ]

    DEFAULT_CSS = """
    CodeCell {
        height: auto;
        margin: 0 0 1 0;
        border-left: blank;
    }
    CodeCell:focus, CodeCell:focus-within {
        border-left: thick $primary;
    }
    CodeCell > .cell-header {
        height: 1;
        color: $text-muted;
    }
    CodeCell > CellOutput {
        padding: 0 1;
    }
    """

    status: reactive[str] = reactive("idle")

    class RunRequested(Message):
        def __init__(self, cell: CodeCell) -> None:
            super().__init__()
            self.cell = cell

    def __init__(self, block: Code, number: int, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.number = number
        self.lang = lang
        self.duration: float | None = None
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static(self._header(), classes="cell-header")
        yield CellEditor(self.block.source.rstrip("\n"))
        yield CellOutput()

    @property
    def editor(self) -> CellEditor:
        return self.query_one(CellEditor)

    @property
    def output(self) -> CellOutput:
        return self.query_one(CellOutput)

    @property
    def code(self) -> str:
        return self.editor.text

    def _header(self) -> Text:
        mark, style = STATUS_MARKS.get(self.status, ("?", ""))
        header = Text.assemble(
            (f"[{self.number}] ", "bold"), (self.block.id, "bold"), "  ", (mark, style), " ",
            (tr(self.status, self.lang), style),
        )  # fmt: skip
        if self.duration is not None and self.status not in ("queued", "running"):
            header.append("  " + tr("Run {seconds:.1f} s", self.lang).format(seconds=self.duration))
        if self.message and self.status not in ("ok", "queued", "running", "error"):
            header.append("  " + self.message, style="dim")
        return header

    def watch_status(self) -> None:
        if self.is_mounted:
            self.query_one(".cell-header", Static).update(self._header())

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.watch_status()

    def start(self) -> None:
        """The run was accepted: forget the previous output."""
        self.output.clear()
        self.duration = None
        self.message = ""
        self.status = "queued"

    def finish(self, status: str, duration: float | None, message: str = "") -> None:
        self.duration = duration
        self.message = message
        self.status = status
        self.watch_status()

    def action_run(self) -> None:
        self.post_message(self.RunRequested(self))

    def action_edit(self) -> None:
        self.editor.focus()

    @on(CellEditor.Submitted)
    def _submitted(self, event: CellEditor.Submitted) -> None:
        event.stop()
        self.action_run()
