"""The parsed-course cache: fast when nothing changed, never stale when something did."""

from __future__ import annotations

import shutil
from pathlib import Path

from tutor.course.catalog import load_catalog

GOOD = Path(__file__).parent / "fixtures" / "good" / "every-block.yaml"


def test_an_edited_lesson_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_CACHE", str(tmp_path / "cache"))
    course = tmp_path / "course"
    course.mkdir()
    lesson = course / "mine.yaml"
    shutil.copy(GOOD, lesson)
    first = load_catalog(extra_dirs=[course])
    assert first.lessons["fixture-every-block"].title.en == "Every block"
    assert list((tmp_path / "cache").glob("catalog-*.pickle"))

    lesson.write_text(GOOD.read_text(encoding="utf-8").replace("Every block", "Edited"), "utf-8")
    second = load_catalog(extra_dirs=[course])
    assert second.lessons["fixture-every-block"].title.en == "Edited"


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_CACHE", str(tmp_path))
    load_catalog()
    for path in tmp_path.glob("catalog-*.pickle"):
        path.write_bytes(b"not a pickle")
    catalog = load_catalog()
    assert catalog.lessons and catalog.error_count == 0
    assert load_catalog(cache=False).lessons.keys() == catalog.lessons.keys()
