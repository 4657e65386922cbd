"""Inline math ($...$ in prose): one line, Unicode scripts where they exist, readable fallbacks."""

from __future__ import annotations

import pytest

from tutor.render.math import render_math

# (LaTeX, Unicode rendering, ASCII rendering)
INLINE = [
    (r"x^2", "x²", "x^2"),
    (r"x_i", "xᵢ", "x_i"),
    (r"x_{t-1}", "xₜ₋₁", "x_(t-1)"),
    (r"W^\top x", "Wᵀx", "W^T x"),
    (r"x^{(n+1)}", "x⁽ⁿ⁺¹⁾", "x^(n+1)"),
    (r"x^{n+q}", "x^(n+q)", "x^(n+q)"),  # no superscript q: the whole script falls back
    (r"y_b", "y_b", "y_b"),
    (r"e^{z_i}", "e^(zᵢ)", "e^(z_i)"),
    (r"x^{-1}", "x⁻¹", "x^(-1)"),
    (r"\frac{1}{2}", "1/2", "1/2"),
    (r"\frac{a+b}{c}", "(a + b)/c", "(a + b)/c"),
    (r"\frac{a}{2\sigma^2}", "a/(2σ²)", "a/(2 sigma^2)"),
    (r"\frac{\partial L}{\partial w}", "∂L/∂w", "dL/dw"),
    (r"\sqrt{d_k}", "√dₖ", "sqrt(d_k)"),
    (r"\sqrt{x+1}", "√(x + 1)", "sqrt(x + 1)"),
    (r"\sqrt[3]{x}", "∛x", "root(3, x)"),
    (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ", "SUM_(i=1)^n x_i"),
    (r"\prod_{t=1}^T p_t", "∏ₜ₌₁ᵀ pₜ", "PROD_(t=1)^T p_t"),
    (r"\int_0^1 f(x)\,dx", "∫₀¹ f(x) dx", "INT_0^1 f(x) dx"),
    (r"\hat{y}", "ŷ", "hat(y)"),
    (r"\bar{x}", "x̄", "bar(x)"),
    (r"\vec{v}", "v⃗", "vec(v)"),
    (r"\mathbb{E}[X]", "𝔼[X]", "E[X]"),
    (r"\mathbb{R}^{d}", "ℝᵈ", "R^d"),
    (r"\mathcal{L}", "ℒ", "L"),
    (r"\mathbf{W}", "𝐖", "W"),
    (r"\alpha + \beta = \gamma", "α + β = γ", "alpha + beta = gamma"),
    (r"a \le b \ne c \ge d", "a ≤ b ≠ c ≥ d", "a <= b != c >= d"),
    (r"\nabla_\theta \mathcal{L}", "∇_θ ℒ", "nabla_(theta) L"),
    (r"\arg\max_\theta p(x)", "arg max_θ p(x)", "arg max_(theta) p(x)"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", "(1, 0; 0, 1)", "(1, 0; 0, 1)"),
    (
        r"|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}",
        "|x| = {x, x ≥ 0; −x, x < 0}",
        "|x| = {x, x >= 0; -x, x < 0}",
    ),
    (r"\left(\frac{a}{b}\right)^2", "(a/b)²", "(a/b)^2"),
    (r"\|x\|_2", "‖x‖₂", "||x||_2"),
    (r"\text{loss} = 0.5", "loss = 0.5", "loss = 0.5"),
    (r"\log\left(1 + e^x\right)", "log(1 + eˣ)", "log(1 + e^x)"),
    (r"x \in \mathbb{R}^{n \times d}", "x ∈ ℝ^(n×d)", "x in R^(nxd)"),
    (r"\sigma(z) \odot \tanh(c)", "σ(z) ⊙ tanh(c)", "sigma(z) (.) tanh(c)"),
    (r"\theta \leftarrow \theta - \eta g", "θ ← θ − ηg", "theta <- theta - eta g"),
    (r"p(x \mid z)", "p(x ∣ z)", "p(x | z)"),
    (r"f'(x) = 2x", "f′(x) = 2x", "f'(x) = 2x"),
    (r"\frac{\partial L}{\partial y}\frac{\partial y}{\partial x}", "∂L/∂y ∂y/∂x", "dL/dy dy/dx"),
    (r"-\frac{1}{N}", "−1/N", "-1/N"),
    (r"\underbrace{a+b}_{n}", "a + b (n)", "a + b (n)"),
    (r"W^\intercal x", "Wᵀx", "W^T x"),
    (r"\mathbbm{1}[y = k]", "𝟙[y = k]", "1[y = k]"),
    (r"\boxed{E = mc^2}", "E = mc²", "E = mc^2"),
    (r"\frac{\mathrm{d}y}{\mathrm{d}x}", "dy/dx", "dy/dx"),
    (r"x \xrightarrow{f} y", "x ⟶ᶠ y", "x -->^f y"),
    (r"2^{2^{2}}", "2^(2²)", "2^(2^2)"),  # ² has no superscript form, so it is bracketed
    (r"\left[\begin{matrix} a \\ b \end{matrix}\right]", "[a; b]", "[a; b]"),
    (r"\sqrt{2\pi}", "√(2π)", "sqrt(2 pi)"),
]


@pytest.mark.parametrize(("latex", "unicode", "ascii"), INLINE, ids=[c[0] for c in INLINE])
def test_inline_rendering(latex, unicode, ascii):
    assert render_math(latex, display=False).lines == [unicode]
    assert render_math(latex, display=False, ascii=True).lines == [ascii]


def test_inline_aligned_rows_join_on_one_line():
    r = render_math(r"\begin{aligned} a &= b \\ &= c \end{aligned}", display=False)
    assert r.lines == ["a = b; = c"]


def test_inline_never_returns_more_than_one_line():
    r = render_math(r"\begin{pmatrix} \frac{1}{2} \\ \frac{3}{4} \end{pmatrix}", display=False)
    assert r.lines == ["(1/2; 3/4)"]
