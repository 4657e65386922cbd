"""A Python editor for code cells and exercises: Ctrl+R runs, Escape hands focus back."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea


def _python_language() -> str | None:
    """ "python" when tree-sitter can highlight it, else None (plain text, still editable)."""
    try:
        from textual._tree_sitter import get_language

        return "python" if get_language("python") is not None else None
    except Exception:  # tree-sitter missing or broken: editing matters more than colour
        return None


class CellEditor(TextArea):
    """TextArea set up for code. Its parent block decides what "run" means."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+r", "submit", "Run", priority=True)]

    DEFAULT_CSS = """
    CellEditor {
        height: auto;
        max-height: 20;
        border: none;
        padding: 0 1;
        background: $panel;
    }
    CellEditor:focus {
        border: none;
        background: $panel;
    }
    """

    class Submitted(Message):
        """Ctrl+R in the editor: run this code."""

        def __init__(self, editor: CellEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> CellEditor:
            return self.editor

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(
            text,
            language=_python_language(),
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=False,
            **kwargs,
        )
        self.indent_width = 4

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            # leave the editor for its block, whose keys (r, n, p ...) then work
            event.stop()
            event.prevent_default()
            if self.parent is not None and self.parent.can_focus:
                self.parent.focus()
            else:
                self.screen.focus_next()
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))
