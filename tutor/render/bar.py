"""A completion bar that reads without colour: done is `━`, to do is `─`, then the percent.

Rich's ProgressBar draws the part still to do only in colour, so on a monochrome terminal
(or in a pane capture) an empty bar vanishes; this one always shows its full length.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class CompletionBar:
    def __init__(self, done: int, total: int, *, style: str = "green", percent: bool = True):
        self.done = max(0, min(done, total))
        self.total = max(total, 0)
        self.style = style
        self.percent = percent

    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(6, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label = f" {round(100 * self.fraction()):3d}%" if self.percent else ""
        width = max(options.max_width - len(label), 1)
        filled = round(width * self.fraction())
        yield Text.assemble(
            ("━" * filled, self.style), ("─" * (width - filled), "bright_black"), label
        )
