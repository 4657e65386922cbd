"""`dltutor check` catches what an author gets wrong, and passes what is right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).parent / "fixtures" / "check"


def check(*targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "check", *targets],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def result():
    return check(str(CHECK))


def block_of(output: str, lesson: str) -> str:
    """The report lines of one lesson."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.split(" ")[1:2] == [lesson]:
            rest = [line]
            for more in lines[i + 1 :]:
                if not more.startswith("  "):
                    break
                rest.append(more)
            return "\n".join(rest)
    raise AssertionError(f"{lesson} not in output:\n{output}")


def test_good_lesson_passes(result):
    assert block_of(result.stdout, "check-passes").startswith("PASS")


def test_failing_cell_is_caught(result):
    report = block_of(result.stdout, "check-failing-cell")
    assert report.startswith("FAIL")
    assert "cell 'add' failed" in report and "this cell is broken" in report
    assert "failing-cell.yaml:" in report


def test_solution_that_fails_its_tests_is_caught(result):
    report = block_of(result.stdout, "check-solution-fails")
    assert report.startswith("FAIL") and "the solution fails its tests" in report
    assert "double(2) should be 4" in report


def test_starter_that_passes_is_caught(result):
    report = block_of(result.stdout, "check-starter-passes")
    assert report.startswith("FAIL") and "starter passes every test" in report


def test_zh_en_mismatch_is_caught(result):
    report = block_of(result.stdout, "zh-en-mismatch.yaml")
    assert report.startswith("FAIL") and "zh/en mismatch" in report


def test_summary_line_and_exit_code(result):
    assert result.stdout.strip().splitlines()[-1] == "1 passed, 4 failed"
    assert result.returncode == 1


def test_single_good_file_exits_zero():
    proc = check(str(CHECK / "passes.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "1 passed, 0 failed"


def test_unknown_target_fails():
    proc = check("no-such-lesson-anywhere")
    assert proc.returncode == 1
    assert "no lesson or file named 'no-such-lesson-anywhere'" in proc.stderr
