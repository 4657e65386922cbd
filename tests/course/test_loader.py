"""The loader: every block type round-trips; each malformed lesson names its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.course.catalog import load_catalog
from tutor.course.loader import load_lesson
from tutor.course.model import Code, Exercise, Math, Prose, Quiz

FIXTURES = Path(__file__).parent / "fixtures"
MALFORMED = sorted((FIXTURES / "malformed").glob("*.yaml"))


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# expect: (\d+) (.+)", first)
    assert m, f"{path.name} has no '# expect: LINE MESSAGE' header"
    return int(m.group(1)), m.group(2)


def test_every_block_type_round_trips():
    lesson, errors = load_lesson(FIXTURES / "good" / "every-block.yaml")
    assert [e for e in errors if e.severity == "error"] == []
    assert lesson is not None
    kinds = [type(b) for b in lesson.blocks]
    assert kinds == [Prose, Math, Code, Quiz, Exercise]
    prose, math, code, quiz, exercise = lesson.blocks
    assert prose.text.en.startswith("## Intro") and prose.text.zh.startswith("## 介绍")
    assert (
        lesson.equations[0] == ("E = mc^2", math.line, True)
        or ("x^2", prose.line, False) in lesson.equations
    )
    assert math.latex == "E = mc^2"
    assert code.id == "add" and code.timeout == 5 and "40 + 2" in code.source
    by_id = {q.id: q for q in quiz.questions}
    assert by_id["one"].kind == "single" and by_id["one"].correct_indices == (1,)
    assert by_id["many"].correct_indices == (0, 2)
    assert by_id["num"].number == 0.5 and by_id["num"].abs_tol == 0.01
    assert by_id["shp"].shape == (32, 16, 14, 14)
    assert by_id["word"].accept == ("gradient", "梯度")
    assert by_id["one"].choices[1].text.zh == "乙"
    assert exercise.setup.strip() == "FACTOR = 2"
    assert exercise.hints[0].get("zh") == "乘以二。"
    assert lesson.glossary["slope"].en == "How steep a line is."
    assert lesson.kernels == ("kernels.base.Module",)


def test_line_numbers_point_at_the_block():
    lesson, _ = load_lesson(FIXTURES / "good" / "every-block.yaml")
    lines = (FIXTURES / "good" / "every-block.yaml").read_text(encoding="utf-8").splitlines()
    code = lesson.cells[0]
    assert lines[code.line - 1].strip().startswith("- code:")
    assert lines[lesson.exercises[0].line - 1].strip() == "id: double"


@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(extra_dirs=[FIXTURES / "good", FIXTURES / "malformed"])


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_malformed_lesson_names_file_and_line(path, fixture_catalog):
    line, message = expectation(path)
    catalog = fixture_catalog
    mine = [
        e for e in catalog.errors if e.path.resolve() == path.resolve() and e.severity == "error"
    ]
    assert mine, f"no error reported for {path.name}"
    assert any(e.line == line and message in e.message for e in mine), "\n".join(map(str, mine))
    assert all(str(e).startswith(f"{path}:") for e in mine)
    # the lesson is not loaded, and every other lesson still is
    assert all(le.path.resolve() != path.resolve() for le in catalog.lessons.values())
    assert "fixture-every-block" in catalog.lessons
    assert "line-fitting" in catalog.lessons


def test_at_least_fifteen_malformed_fixtures():
    assert len(MALFORMED) >= 15


def test_bundled_catalog_loads_clean():
    catalog = load_catalog()
    assert catalog.error_count == 0, "\n".join(map(str, catalog.errors))
    assert catalog.lessons, "no bundled lessons found"
    for lesson in catalog.lessons.values():
        assert lesson.title.en and lesson.title.zh
        assert set(lesson.covers) <= set(catalog.topics)


def test_extra_lesson_dir_from_environment(tmp_path, monkeypatch):
    src = (FIXTURES / "good" / "every-block.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(
        src.replace("fixture-every-block", "teacher-lesson"), encoding="utf-8"
    )
    monkeypatch.setenv("DLTUTOR_LESSONS", str(tmp_path))
    catalog = load_catalog()
    assert "teacher-lesson" in catalog.lessons


def test_missing_lesson_dir_is_reported_not_raised(tmp_path):
    catalog = load_catalog(extra_dirs=[tmp_path / "nope"])
    assert any("not found" in e.message for e in catalog.errors)
    assert catalog.lessons
