"""A display equation wider than the terminal is broken as a book breaks it, not cut off."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.align import Align
from rich.console import Console

from tutor.render.math import render_math

try:
    from test_math_golden import GOLDEN
except ImportError:  # pragma: no cover
    GOLDEN = []

LOSS = (
    r"\mathcal{L}(\theta) = -\frac{1}{N}\sum_{i=1}^{N} y_i\log \hat{y}_i"
    r" + \frac{\lambda}{2}\lVert \theta \rVert^2 + \alpha \sum_j |\theta_j|"
    r" + \beta \cdot \mathrm{KL}(q \| p)"
)
PE = (
    r"\mathrm{PE}_{(pos, 2i)} = \sin\left(\frac{pos}{10000^{2i/d}}\right), \qquad"
    r" \mathrm{PE}_{(pos, 2i+1)} = \cos\left(\frac{pos}{10000^{2i/d}}\right)"
)


def printed(latex: str, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True)
    with console.capture() as capture:
        console.print(Align.center(render_math(latex)))
    return capture.get().rstrip("\n").split("\n")


def test_a_long_sum_breaks_before_a_plus_that_keeps_its_spacing():
    lines = render_math(LOSS).within(50)
    assert max(len(line) for line in lines) <= 50
    continuation = next(line for line in lines if line.lstrip().startswith("+ β"))
    first = next(line for line in lines if "ℒ(θ) =" in line)
    # the continuation starts under the first term, to the right of `=`
    assert len(continuation) - len(continuation.lstrip()) > first.index("=")
    assert "…" not in "".join(printed(LOSS, 50))


def test_two_equations_side_by_side_go_one_above_the_other():
    lines = render_math(PE).within(50)
    sin_rows = [n for n, line in enumerate(lines) if "sin" in line]
    cos_rows = [n for n, line in enumerate(lines) if "cos" in line]
    assert sin_rows and cos_rows and max(sin_rows) < min(cos_rows)
    assert all("cos" not in line for line in lines[: max(sin_rows) + 1])


def test_a_long_list_wraps_after_its_commas():
    latex = ", ".join(f"x_{{{i}}}" for i in range(1, 30))
    lines = render_math(latex).within(40)
    assert len(lines) > 1
    assert all(len(line) <= 40 for line in lines)
    assert all(line.rstrip().endswith(",") for line in lines[:-1])


def test_an_equation_that_fits_is_not_touched():
    rendering = render_math(LOSS)
    assert rendering.within(rendering.width) is rendering.lines
    assert printed(r"a + b", 40) == [" " * 17 + "a + b" + " " * 18]


def test_with_nowhere_to_break_the_line_is_cut_as_before():
    latex = r"\frac{" + "a" * 60 + "}{b}"
    rendering = render_math(latex)
    assert rendering.within(30) is rendering.lines
    assert all(len(line) <= 30 for line in printed(latex, 30))


@pytest.mark.parametrize("width", [24, 40, 60])
@pytest.mark.parametrize("latex", [pytest.param(latex, id=name) for name, latex, _ in GOLDEN])
def test_breaking_moves_symbols_but_never_drops_one(latex, width):
    rendering = render_math(latex)
    whole = Counter(rendering.text.replace(" ", "").replace("\n", ""))
    broken = Counter("".join(rendering.within(width)).replace(" ", ""))
    assert broken == whole


def test_a_failing_relayout_keeps_the_unbroken_lines(monkeypatch):
    import tutor.render.math as math

    def broken(node, width, ascii=False):
        raise ValueError("renderer bug")

    monkeypatch.setattr(math, "layout_within", broken)
    rendering = render_math(LOSS)
    assert rendering.within(30) is rendering.lines
