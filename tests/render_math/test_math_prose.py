"""Lesson prose: Markdown with inline math on the line and display math centred in 2D."""

from __future__ import annotations

from rich.console import Console

from tutor.render.prose import render_prose


def rendered(markdown: str, width: int = 60, ascii: bool = False) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(render_prose(markdown, ascii=ascii))
    return console.export_text()


def test_inline_math_is_rendered_in_the_sentence():
    text = rendered(r"The mean is $\mu = \frac{1}{N}\sum_i x_i$ over the batch.")
    assert "The mean is μ = 1/N ∑ᵢ xᵢ over the batch." in text


def test_display_math_is_a_centred_2d_block():
    text = rendered("Before.\n\n$$y = \\frac{1}{1 + e^{-x}}$$\n\nAfter.", width=41)
    lines = text.split("\n")
    block = ["       1   ", "y = ───────", "    1 + e⁻ˣ"]
    start = lines.index(" " * 15 + block[1] + " " * 15)
    assert lines[start - 1 : start + 2] == [" " * 15 + row + " " * 15 for row in block]
    assert lines[start - 3].startswith("Before.")
    assert lines[start - 2] == " " * 41  # a blank row before the equation
    assert lines[start + 2] == " " * 41  # and after it
    assert lines[start + 3].startswith("After.")


def test_markdown_structure_survives():
    text = rendered("# Softmax\n\n- item with $\\alpha$\n- **bold** item\n")
    assert "Softmax" in text
    assert "• item with α" in text
    assert "• bold item" in text


def test_math_rendering_is_not_read_as_markdown():
    # x_b ... y_c would otherwise turn into emphasis, and [a](b) into a link
    text = rendered(r"Scripts $x_b$ and $y_c$, and $[a](b)$ here.", ascii=True)
    assert "Scripts x_b and y_c, and [a](b) here." in text


def test_dollars_in_code_are_left_alone():
    text = rendered("Run `echo $HOME` then $x^2$.")
    assert "echo $HOME" in text
    assert "x²." in text


def test_ascii_prose_renders_math_in_ascii():
    text = rendered(r"Loss $\mathcal{L} \ge 0$.", ascii=True)
    assert "Loss L >= 0." in text
