"""The one-line bars every screen has: the title on top, the keys that apply at the bottom.

Each is a single widget that draws its own line (Textual's Header and Footer mount a widget
per part and per key, which costs a noticeable share of start-up). The key bar shows the
bindings that apply to the focused widget, dims the disabled ones and runs a key's action
when it is clicked; F1 lists every binding.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from tutor.i18n import tr

PALETTE_ICON = " ⭘ "


class TitleBar(Widget):
    """`dltutor — <screen sub-title>`, centred; the icon on the left opens the palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self.refresh)
        self.watch(self.app, "title", self.refresh)

    def render(self) -> Text:
        sub_title = self.screen.sub_title or ""
        title = Text(self.app.title)
        if sub_title:
            title.append(" — ")
            title.append(sub_title, style="dim")
        width = self.size.width
        room = max(width - 2 * len(PALETTE_ICON), 0)
        title.truncate(room, overflow="ellipsis")
        line = Text(PALETTE_ICON)
        line.append(" " * max((width - title.cell_len) // 2 - len(PALETTE_ICON), 0))
        line.append_text(title)
        return line

    def on_click(self, event: events.Click) -> None:
        if event.x < len(PALETTE_ICON):
            self.app.action_command_palette()


class KeyBar(Widget):
    """The bindings that apply now, as `key description` pairs on one line; click to run."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # (first column, last column + 1, node, binding) of each key drawn, for clicks
        self._spans: list[tuple[int, int, DOMNode, Binding]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def shown(self) -> tuple[list[tuple[DOMNode, Binding, bool]], list]:
        """(node, binding, enabled) to draw: one per action; the palette key apart."""
        seen: set[str] = set()
        palette: list[tuple[DOMNode, Binding, bool]] = []
        shown: list[tuple[DOMNode, Binding, bool]] = []
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = [(node, binding, enabled)]
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((node, binding, enabled))
        return shown, palette

    def _keys(self, keys: list[tuple[DOMNode, Binding, bool]], room: int) -> tuple[Text, list]:
        """As many keys as fit in `room` cells, and each one's (start, end, node, binding)."""
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text()
        spans = []
        for node, binding, enabled in keys:
            piece = Text.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style),
                (f"{tr(binding.description, self.app.lang)} ", text_style),
            )
            if not enabled:
                piece.stylize("dim")
            if line.cell_len + piece.cell_len > room:
                break  # a key is shown whole or not at all (F1 lists them all)
            spans.append((line.cell_len, line.cell_len + piece.cell_len, node, binding))
            line.append_text(piece)
        return line, spans

    def render(self) -> Text:
        """The keys from the left; the palette key on the right, kept when space is short."""
        shown, palette = self.shown()
        width = self.size.width
        right, right_spans = self._keys(palette, width)
        room = width - right.cell_len
        left, self._spans = self._keys(shown, room)
        self._spans += [(start + room, end + room, *rest) for start, end, *rest in right_spans]
        return Text.assemble(left, " " * (room - left.cell_len), right)

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, binding in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(binding.action, node)
                return
