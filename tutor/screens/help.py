"""Help on ? and F1: the keys of the screen underneath, then the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.i18n import tr


def own_actions(node) -> set[str]:
    """Actions bound by dltutor's classes in `node`'s class hierarchy (not Textual's)."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tutor."):
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding):
                    actions.add(binding.action)
    return actions


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 96%;
        height: auto;
        max-height: 92%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        seen: set[tuple[str, str]] = set()
        for active in self.bindings.values():
            binding = active.binding
            # dltutor's own keys; the generic ones of Textual's widgets (cursor moves,
            # scrolling) would bury them
            ours = binding.action in own_actions(active.node)
            if not binding.description or active.node is self.app or not ours:
                continue
            key = self.app.get_key_display(binding)
            if (key, binding.action) in seen:
                continue
            seen.add((key, binding.action))
            table.add_row(key, tr(binding.description, lang))
        everywhere = Table.grid(padding=(0, 2))
        everywhere.add_column(style="bold")
        everywhere.add_column()
        for key, text in (
            ("F1 / ?", "Help: this list"),
            ("Ctrl+P", "Command palette: search lessons, topics and glossary terms"),
            ("F2", "Switch between English and Chinese"),
            ("F3", "Switch between dark and light themes"),
            ("Ctrl+Q", "Quit"),
        ):
            everywhere.add_row(key, tr(text, lang))
        with VerticalScroll() as scroll:
            scroll.border_title = tr("Help", lang)
            scroll.border_subtitle = "Esc"
            yield Static(Text(tr("Keys on this screen", lang), style="bold underline"))
            yield Static(table)
            yield Static(Text("\n" + tr("Everywhere", lang), style="bold underline"))
            yield Static(everywhere)
            yield Static(
                Text(
                    "\n" + tr("Tab / Shift+Tab move between controls; the mouse works too.", lang),
                    style="dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss()
