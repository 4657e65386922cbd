"""The completion bar reads without colour and fills in proportion."""

import pytest
from rich.console import Console

from tutor.render.bar import CompletionBar


def draw(bar: CompletionBar, width: int = 30) -> str:
    console = Console(width=width, color_system=None, file=None, record=True)
    with console.capture() as capture:
        console.print(bar)
    return capture.get().rstrip("\n")


@pytest.mark.parametrize(
    ("done", "total", "filled", "label"),
    [(0, 71, 0, "  0%"), (71, 71, 25, "100%"), (1, 2, 12, " 50%"), (5, 0, 0, "  0%")],
)
def test_the_bar_fills_in_proportion_and_keeps_its_length(done, total, filled, label):
    line = draw(CompletionBar(done, total))
    assert len(line) == 30
    assert line.endswith(label)
    body = line[: -len(label) - 1]
    assert body == "━" * filled + "─" * (25 - filled)


def test_without_the_percent_the_bar_takes_the_whole_width():
    assert draw(CompletionBar(3, 4, percent=False), width=8) == "━━━━━━──"
