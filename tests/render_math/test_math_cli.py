"""`dltutor math`: lesson authors see the rendering, and warnings on stderr."""

from __future__ import annotations

import io

from tutor.cli import main


def test_math_command_prints_the_2d_rendering(capsys):
    assert main(["math", r"\frac{a}{b}"]) == 0
    out, err = capsys.readouterr()
    assert out == "a\n─\nb\n"
    assert err == ""


def test_inline_and_ascii_options(capsys):
    main(["math", "--inline", r"x^2 + \alpha"])
    assert capsys.readouterr().out == "x² + α\n"
    main(["math", "--inline", "--ascii", r"x^2 + \alpha"])
    assert capsys.readouterr().out == "x^2 + alpha\n"


def test_dollar_signs_pasted_from_a_lesson_are_accepted(capsys):
    main(["math", "--inline", "$$x_i$$"])
    assert capsys.readouterr().out == "xᵢ\n"


def test_warnings_go_to_stderr(capsys):
    assert main(["math", r"\foo + 1"]) == 0
    out, err = capsys.readouterr()
    assert out == "foo + 1\n"
    assert err == "warning: unknown command \\foo\n"


def test_reads_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("y_t\n"))
    main(["math", "--inline"])
    assert capsys.readouterr().out == "yₜ\n"
