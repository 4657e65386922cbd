"""Bad input never crashes the renderer and never shows a LaTeX command name."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.render.math import render_math
from tutor.render.math.parse import parse_math

COMMAND_NAME = re.compile(r"\\[A-Za-z]")

# fragments that exercise the parser's edges when glued together at random
FRAGMENTS = [
    "x", "2", "+", "-", "=", "^", "_", "'", "{", "}", "[", "]", "(", ")", "&", "\\\\", " ",
    "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left.", "\\middle|", "\\sum", "\\int",
    "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}", "\\end{cases}", "\\begin{aligned}",
    "\\end{aligned}", "\\text{", "中文", "\\hat", "\\overbrace", "\\underbrace", "\\limits",
    "\\alpha", "\\mathbb", "\\operatorname", "\\foo", "\\begin", "\\end", "$", "%", "\\over",
    "\\not", "\\xrightarrow", "\\substack", "\\big", "\\,", "\\\\[2pt]", "#", "~", "\\",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25))
def test_random_latex_fragments_render_without_error(fragments):
    latex = "".join(fragments)
    for display in (True, False):
        for ascii in (True, False):
            r = render_math(latex, display=display, ascii=ascii)
            assert not any(w.startswith("renderer error") for w in r.warnings), r.warnings
            assert not COMMAND_NAME.search(r.text), (latex, r.text)
            if not display:
                assert len(r.lines) == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_renders_without_error(text):
    r = render_math(text)
    assert not any(w.startswith("renderer error") for w in r.warnings), r.warnings
    assert not COMMAND_NAME.search(r.text)


def test_unknown_command_renders_its_name_and_warns():
    r = render_math(r"\foo{x} + 1")
    assert r.text == "foo x + 1"
    assert r.warnings == [r"unknown command \foo"]


def test_unknown_command_inside_text_warns():
    r = render_math(r"\text{see \ref{eq}}")
    assert r.text == "see ref eq"
    assert r"unknown command \ref" in r.warnings


def test_unknown_environment_renders_its_rows_and_warns():
    r = render_math(r"\begin{weird} a & b \\ c & d \end{weird}")
    assert r.text == "a  b\nc  d"
    assert "unknown environment weird" in r.warnings


def test_unbalanced_braces_warn_and_render_best_effort():
    r = render_math(r"\frac{a}{b")
    assert r.text == "a\n─\nb"
    assert "unbalanced braces" in r.warnings
    r = render_math(r"x^{2}}")
    assert r.text == "x²"
    assert "unbalanced braces" in r.warnings


def test_missing_arguments_warn():
    r = render_math(r"\frac")
    assert r"missing argument for \frac" in r.warnings
    r = render_math(r"x^")
    assert r.text == "x"
    assert "superscript without argument" in r.warnings


def test_unmatched_left_and_right_warn():
    r = render_math(r"\left( x")
    assert r.text == "(x"
    assert r"\left without a matching \right" in r.warnings
    r = render_math(r"x \right)")
    assert r.text == "x)"
    assert r"\right without a matching \left" in r.warnings


def test_double_superscript_warns():
    assert "double superscript" in render_math("x^2^3").warnings


def test_malformed_environment_commands_leave_no_backslash():
    for latex in (r"\begin", r"\begin{", r"\end", r"\end{pmatrix} x", r"\\", "\\"):
        r = render_math(latex)
        assert not COMMAND_NAME.search(r.text)
        assert "\\" not in r.text


def test_valid_latex_has_no_warnings():
    r = render_math(r"\mathbb{E}_{x \sim p}\left[\log \frac{p(x)}{q(x)}\right] \ge 0")
    assert r.warnings == []


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="xy12 +-=<>^_'()[],;:!|/*.~αβ中", max_size=30))
def test_plain_input_shortcut_builds_the_same_tree_as_the_walker(text):
    assert parse_math(text) == parse_math(text, use_walker=True)
