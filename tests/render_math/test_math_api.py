"""The API other parts call: MathRender's lines/text/warnings, Rich rendering, CJK widths."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from test_math_golden import GOLDEN  # a sibling module: tests/ is not a package

from tutor.render.math import MathRender, render_math

COMMAND_NAME = re.compile(r"\\[A-Za-z]")


def test_render_math_returns_lines_text_and_warnings():
    r = render_math(r"\frac{a}{b}")
    assert isinstance(r, MathRender)
    assert r.lines == ["a", "─", "b"]
    assert r.text == "a\n─\nb"
    assert r.warnings == []
    assert str(r) == r.text


def test_rich_console_prints_the_rendering_as_a_block():
    console = Console(width=40, record=True, color_system=None)
    console.print(render_math(r"y = \frac{1}{1 + e^{-x}}"))
    # rows are padded to the block's width, so Rich moves the block as one piece
    assert console.export_text() == "       1   \ny = ───────\n    1 + e⁻ˣ\n"


def test_rich_renderable_rows_share_one_width_so_centring_keeps_the_layout():
    rendering = render_math(r"\sum_{i=1}^{n} x_i")
    console = Console(width=40, color_system=None)
    (text,) = rendering.__rich_console__(console, console.options)
    widths = {cell_len(line) for line in text.plain.split("\n")}
    assert len(widths) == 1


def test_cjk_inside_text_keeps_its_width():
    r = render_math(r"\frac{\text{损失}}{N} = \text{平均}")
    assert r.lines == ["损失", "──── = 平均", " N"]
    assert cell_len(r.lines[1].split(" ")[0]) == cell_len("损失")


def test_cjk_subscript_text_lines_up():
    r = render_math(r"x_{\text{中文}} + \text{中文}^{2}")
    assert r.lines == ["x     + 中文²", " 中文"]


@pytest.mark.parametrize("latex", [pytest.param(latex, id=name) for name, latex, _ in GOLDEN])
def test_no_rendering_contains_a_command_name(latex):
    for display in (True, False):
        for ascii in (True, False):
            text = render_math(latex, display=display, ascii=ascii).text
            assert not COMMAND_NAME.search(text), text


def test_every_greek_letter_renders_without_warning():
    from tutor.render.math.symbols import GREEK

    latex = " ".join(f"\\{name}" for name in GREEK)
    r = render_math(latex)
    assert r.warnings == []
    assert "α" in r.text and "Ω" in r.text and "ϑ" in r.text


OPERATORS = [
    (r"\nabla", "∇"), (r"\partial", "∂"), (r"\odot", "⊙"), (r"\otimes", "⊗"), (r"\sum", "∑"),
    (r"\prod", "∏"), (r"\int", "∫"), (r"\log", "log"), (r"\exp", "exp"), (r"\max", "max"),
    (r"\min", "min"), (r"\arg\max", "arg max"), (r"\mathbb{E}", "𝔼"), (r"\sim", "∼"),
    (r"\approx", "≈"), (r"\propto", "∝"), (r"\le", "≤"), (r"\ge", "≥"), (r"\ne", "≠"),
    (r"\in", "∈"), (r"\cdot", "·"), (r"\times", "×"), (r"\top", "⊤"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "symbol"), OPERATORS)
def test_deep_learning_operators_render(latex, symbol):
    r = render_math(latex, display=False)
    assert r.warnings == []
    assert r.text == symbol
