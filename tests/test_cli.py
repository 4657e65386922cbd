"""The plain-terminal commands, as a script or a dumb terminal would use them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tutor import __version__
from tutor.cli import COMMANDS


def dltutor(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "COLUMNS": "80", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def test_help_lists_every_subcommand():
    out = dltutor("--help").stdout
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s", out, re.M), f"{name} missing from --help"


def test_version():
    assert dltutor("--version").stdout.strip() == f"dltutor {__version__}"


def test_list_json_has_both_languages_and_counts():
    lessons = json.loads(dltutor("list", "--json").stdout)
    assert lessons
    for le in lessons:
        assert le["languages"] == ["en", "zh"]
        assert le["title"]["en"] and le["title"]["zh"]
        assert le["questions"] >= 3 and le["exercises"] >= 1, le["id"]
        assert {"id", "part", "order", "covers", "cells", "minutes"} <= set(le)


@pytest.mark.parametrize("lang,title", [("en", "Fitting a line"), ("zh", "用 100 个点拟合直线")])
def test_show_renders_prose_math_and_quiz(lang, title):
    proc = dltutor("show", "line-fitting", "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert title in out
    assert "∑" in out and "─" in out  # a rendered display equation with a fraction bar
    assert not re.search(r"\\[a-zA-Z]+", out.replace("\\n", "")), "a LaTeX command leaked"
    assert "def fit_line" in out  # the exercise's starter code


def test_show_answers_flag_reveals_the_key():
    out = dltutor("show", "line-fitting", "--answers").stdout
    assert "(100, 2)" in out and "least squares" in out


def test_show_unknown_lesson_fails_clearly():
    proc = dltutor("show", "no-such-lesson")
    assert proc.returncode == 1
    assert "no lesson named 'no-such-lesson'" in proc.stderr


@pytest.mark.parametrize(
    ("argv", "starts_app"),
    [
        ([], True),
        (["--lang", "zh"], True),
        (["--profile", "kim", "--data-dir", "/tmp/x", "--lessons", "a", "--lessons", "b"], True),
        (["list"], False),
        (["--lang", "zh", "show", "x"], False),
        (["--help"], False),
        (["--version"], False),
        (["--lang", "fr"], False),  # the full parser reports the bad choice
        (["--nonsense"], False),
    ],
)
def test_only_a_bare_start_skips_building_the_full_parser(argv, starts_app):
    from tutor.cli import app_args

    args = app_args(argv)
    assert (args is not None) == starts_app
    if starts_app and "--lessons" in argv:
        assert args.lessons == ["a", "b"] and args.profile == "kim"


def test_a_bad_option_still_gets_the_full_usage_message():
    result = dltutor("--lang", "fr")
    assert result.returncode == 2
    assert "invalid choice: 'fr'" in result.stderr
    assert "COMMAND" in result.stderr  # the real parser's usage, not the quick one


def test_starting_the_app_imports_no_command_module():
    code = (
        "import sys; from tutor.cli import app_args, main\n"
        "import tutor.cli.tui_cmd as t; t.run = lambda args: 0\n"
        "assert main([]) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith('tutor.cli.') and m != 'tutor.cli.tui_cmd']\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
