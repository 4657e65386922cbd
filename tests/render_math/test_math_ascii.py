"""ASCII mode, for terminals without Unicode: 2D layout drawn with ASCII characters only."""

from __future__ import annotations

import pytest
from test_math_golden import GOLDEN  # a sibling module: tests/ is not a package

from tutor.render.math import render_math

ASCII_GOLDEN = [
    (
        r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        """\
              1
sigma(x) = -------
                -x
           1 + e
""",
    ),
    (
        r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j} e^{z_j}}",
        """\
                 z_i
                e
softmax(z)  = --------
          i        z_j
              SUM e
               j
""",
    ),
    (
        r"\hat{y} = \sqrt{x^2 + 1}",
        """\
      ______
^    | 2
y = \\|x  + 1
""",
    ),
    (
        r"A = \begin{bmatrix} a & b \\ c & d \end{bmatrix}",
        """\
A = [ a  b ]
    [ c  d ]
""",
    ),
    (
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
        """\
       /  x  x > 0
f(x) = <
       \\  0  otherwise
""",
    ),
    (
        r"\left\| \frac{x}{2} \right\|",
        """\
|| x ||
|| - ||
|| 2 ||
""",
    ),
    (
        r"\alpha x + \beta_1 y",
        """\
alpha x + beta  y
              1
""",
    ),
    (
        r"\mathbb{E}_{x \sim p}[x] \le \infty",
        """\
E   [x] <= inf
 x~p
""",
    ),
    (
        r"\underbrace{a + b}_{\text{sum}}",
        """\
a + b
\\---/
 sum
""",
    ),
]


@pytest.mark.parametrize(("latex", "expected"), ASCII_GOLDEN, ids=[c[0] for c in ASCII_GOLDEN])
def test_ascii_display_rendering(latex, expected):
    assert render_math(latex, ascii=True).text == expected.rstrip("\n")


# text the author typed in another script (\text{交叉熵}) is shown as typed
@pytest.mark.parametrize("latex", [latex for _, latex, _ in GOLDEN if latex.isascii()])
def test_ascii_mode_uses_only_ascii(latex):
    for display in (True, False):
        text = render_math(latex, display=display, ascii=True).text
        assert text.isascii(), text


def test_tall_ascii_delimiters_keep_backslashes_off_letters():
    # `\x` on the bottom row of a tall ( would read as a LaTeX command
    text = render_math(r"\left(\frac{a}{x}\right)", ascii=True).text
    assert text == "/ a \\\n| - |\n\\ x /"
