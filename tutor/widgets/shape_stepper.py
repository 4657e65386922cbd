"""Step through the tensor-shape trace of a forward pass, one op at a time or as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

from tutor.render.shapes import failing_index, shape_step, shape_table


class ShapeStepper(Widget, can_focus=True):
    """A shape trace with a current op: n/p move it, t switches table and step views.

    It opens on the failing op when there is one (that is the op a learner needs to see).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_op", "Next op"),
        Binding("p", "previous_op", "Previous op"),
        Binding("t", "toggle_view", "Table/step view"),
    ]

    DEFAULT_CSS = """
    ShapeStepper {
        height: auto;
        width: 1fr;
    }
    ShapeStepper:focus {
        background: $boost;
    }
    """

    index: reactive[int] = reactive(0, layout=True)
    view: reactive[str] = reactive("table", layout=True)  # "table" | "step"

    def __init__(
        self,
        trace: Sequence[dict],
        title: str = "",
        *,
        view: str = "table",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.trace = list(trace)
        self.title = title
        self.set_reactive(ShapeStepper.index, failing_index(self.trace) or 0)
        self.set_reactive(ShapeStepper.view, view)

    def validate_index(self, index: int) -> int:
        return max(0, min(index, len(self.trace) - 1)) if self.trace else 0

    def action_next_op(self) -> None:
        self.index += 1

    def action_previous_op(self) -> None:
        self.index -= 1

    def action_toggle_view(self) -> None:
        self.view = "step" if self.view == "table" else "table"

    def render(self) -> RenderResult:
        if self.view == "step":
            return shape_step(self.trace, self.index)
        return shape_table(self.trace, current=self.index, title=self.title)
