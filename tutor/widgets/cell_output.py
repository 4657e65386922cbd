"""The output area under a code cell: text, live curves and displays, in arrival order."""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tutor.render.display import render_event
from tutor.widgets.live_plot import LivePlot
from tutor.widgets.shape_stepper import ShapeStepper

# events are applied in batches so thousands per second cost at most this many layouts
FLUSH_INTERVAL = 1 / 15
MAX_TEXT_CHARS = 200_000  # per cell; a runaway print loop must not eat the UI
MAX_BLOCKS = 200  # text blocks, plots and displays per cell
# a text block shows its last lines only: laying out thousands of lines on every update would
# make the UI lag behind a chatty training loop
MAX_SHOWN_LINES = 400


def tail_lines(text: Text, limit: int) -> Text:
    """The last `limit` lines of `text`, after a note saying how many came before."""
    plain = text.plain
    cut = len(plain) - 1 if plain.endswith("\n") else len(plain)
    for _ in range(limit):
        cut = plain.rfind("\n", 0, cut)
        if cut < 0:
            return text.copy()
    start = cut + 1
    hidden = plain.count("\n", 0, start)
    note = Text(f"… {hidden:,} earlier lines not shown …\n", style="dim")
    return note + text[start:]


class CellOutput(Widget):
    """Collects a running cell's events and shows them like a notebook's output area.

    `append(event)` only queues the event, so it is safe from any thread (a kernel reader
    thread may call it directly or through `app.call_from_thread`); a timer applies queued
    events about 15 times a second. Stream text joins the text block it follows ("\\r"
    rewrites the current line, as progress bars expect); "curve" events extend one LivePlot
    per id; "shapes" become a ShapeStepper; anything else a Static of `render_event`.
    """

    class Updated(Message):
        """Posted after queued events were applied (a notebook view may scroll to the end)."""

    DEFAULT_CSS = """
    CellOutput {
        height: auto;
        width: 1fr;
        layout: vertical;
    }
    CellOutput > .stream {
        height: auto;
    }
    CellOutput > .display {
        margin: 0 0 1 0;
    }
    CellOutput > .notice {
        height: auto;
        color: $warning;
    }
    """

    def __init__(
        self,
        *,
        color: bool = True,
        max_text_chars: int = MAX_TEXT_CHARS,
        max_blocks: int = MAX_BLOCKS,
        max_shown_lines: int = MAX_SHOWN_LINES,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.color = color
        self.max_text_chars = max_text_chars
        self.max_blocks = max_blocks
        self.max_shown_lines = max_shown_lines
        self._pending: deque[dict] = deque()
        self._reset()

    def _reset(self) -> None:
        self.plots: dict[str, LivePlot] = {}
        self._text: Text | None = None  # the trailing text block's content
        self._text_block: Static | None = None
        self._text_dirty = False
        self._text_chars = 0
        self._blocks = 0
        self._dropped_chars = 0
        self._dropped_displays = 0
        self._notice: Static | None = None

    def append(self, event: dict) -> None:
        """Queue one display event (see docs/display-events.md); safe from any thread."""
        self._pending.append(event)

    def clear(self) -> None:
        """Forget all output (before the cell runs again)."""
        self._pending.clear()
        self.remove_children()
        self._reset()

    def on_mount(self) -> None:
        self.set_interval(FLUSH_INTERVAL, self.flush)

    def flush(self) -> None:
        """Apply every queued event now (the timer calls this; tests may too)."""
        if not self._pending or not self.is_mounted:
            return
        new_widgets: list[Widget] = []
        while self._pending:
            event = self._pending.popleft()
            kind = event.get("kind") if isinstance(event, dict) else None
            if kind == "stream":
                self._add_text(event, new_widgets)
            elif kind == "curve":
                self._add_curve(event, new_widgets)
            else:
                self._add_display(event, new_widgets)
        self._show_text()
        self._update_notice(new_widgets)
        if new_widgets:
            self.mount_all(
                new_widgets, before=self._notice if self._notice in self.children else None
            )
        self.post_message(self.Updated())

    def _take_block(self) -> bool:
        if self._blocks >= self.max_blocks:
            self._dropped_displays += 1
            return False
        self._blocks += 1
        return True

    def _show_text(self) -> None:
        if self._text_dirty and self._text_block is not None and self._text is not None:
            self._text_block.update(tail_lines(self._text, self.max_shown_lines))
        self._text_dirty = False

    def _end_text_block(self) -> None:
        """Text after a display starts a new block below it."""
        self._show_text()
        self._text_block = None

    def _add_text(self, event: dict, new_widgets: list[Widget]) -> None:
        chunk = str(event.get("text") or "")
        room = self.max_text_chars - self._text_chars
        if len(chunk) > room:
            self._dropped_chars += len(chunk) - max(room, 0)
            chunk = chunk[: max(room, 0)]
        if not chunk:
            return
        if self._text_block is None:
            if not self._take_block():
                self._dropped_chars += len(chunk)
                return
            self._text = Text()
            self._text_block = Static(classes="stream")
            new_widgets.append(self._text_block)
        assert self._text is not None
        style = "red" if event.get("name") == "stderr" and self.color else ""
        self._text_chars += len(chunk)
        for i, part in enumerate(chunk.replace("\r\n", "\n").split("\r")):
            if i:  # a carriage return: the next part overwrites the current line
                line_start = self._text.plain.rfind("\n") + 1
                self._text.right_crop(len(self._text) - line_start)
            self._text.append(part, style)
        self._text_dirty = True

    def _add_curve(self, event: dict, new_widgets: list[Widget]) -> None:
        curve_id = str(event.get("id") or event.get("title") or "curve")
        plot = self.plots.get(curve_id)
        if plot is None:
            if not self._take_block():
                return
            plot = LivePlot(curve_id, str(event.get("title") or ""), color=self.color)
            plot.add_class("display")
            self.plots[curve_id] = plot
            new_widgets.append(plot)
            self._end_text_block()
        plot.add(event)

    def _add_display(self, event: dict, new_widgets: list[Widget]) -> None:
        if not self._take_block():
            return
        if isinstance(event, dict) and event.get("kind") == "shapes":
            widget: Widget = ShapeStepper(event.get("trace") or [], str(event.get("title") or ""))
        else:
            widget = Static(render_event(event, color=self.color))
        widget.add_class("display")
        new_widgets.append(widget)
        self._end_text_block()

    def _update_notice(self, new_widgets: list[Widget]) -> None:
        if not (self._dropped_chars or self._dropped_displays):
            return
        parts = []
        if self._dropped_displays:
            parts.append(f"{self._dropped_displays} more displays")
        if self._dropped_chars:
            parts.append(f"{self._dropped_chars:,} more characters of text")
        message = Text(f"Output limit reached: {' and '.join(parts)} not shown.")
        if self._notice is None:
            self._notice = Static(message, classes="notice")
            new_widgets.append(self._notice)
        else:
            self._notice.update(message)

    @property
    def text(self) -> str:
        """The text of the trailing text block (for tests and copy)."""
        return self._text.plain if self._text is not None else ""
