"""A training-curve plot that grows while a cell runs."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from tutor.render.plot import Curve, add_curve_event

# rebuilding a plotext plot costs ~20 ms whatever the point count, so points arriving faster
# than this are drawn together
REFRESH_INTERVAL = 1 / 10


class LivePlot(Widget):
    """The plot of one curve id: `add(event)` takes a "curve" event and is cheap; the plot is
    redrawn at most every REFRESH_INTERVAL seconds, at the widget's current size."""

    DEFAULT_CSS = """
    LivePlot {
        height: 18;
        width: 1fr;
    }
    """

    def __init__(
        self,
        curve_id: str = "curve",
        title: str = "",
        *,
        color: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.curve = Curve(curve_id, title or curve_id)
        self.color = color
        self._version = 0  # bumped by every point, so a redraw happens only after a change
        self._drawn_version = -1
        self._cache_key: tuple | None = None
        self._cache: Text | None = None

    @property
    def point_count(self) -> int:
        return self.curve.point_count

    def add(self, event: dict) -> None:
        """Add one "curve" event's point (call on the UI thread)."""
        add_curve_event(self.curve, event)
        self._version += 1

    def on_mount(self) -> None:
        self.set_interval(REFRESH_INTERVAL, self._refresh_if_changed)

    def _refresh_if_changed(self) -> None:
        if self._version != self._drawn_version:
            self.refresh()

    def render(self) -> RenderResult:
        width, height = self.content_size.width, self.content_size.height
        key = (width, height, self._version)
        if self._cache is None or key != self._cache_key:
            self._cache = self.curve.render(max(20, width), max(6, height), self.color)
            self._cache_key = key
            self._drawn_version = self._version
        return self._cache
