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


def test_switching_between_lesson_directories_keeps_each_cached(tmp_path, monkeypatch):
    from tutor.course import cache

    monkeypatch.setenv("DLTUTOR_CACHE", str(tmp_path / "cache"))
    courses = []
    for n in range(cache.KEEP + 2):
        course = tmp_path / f"course{n}"
        course.mkdir()
        shutil.copy(GOOD, course / "mine.yaml")
        courses.append([course])
        assert cache.cached([course], lambda dirs, n=n: {"parsed": n}) == {"parsed": n}
    # the most recent few are kept: going back to one of them needs no parsing
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == cache.KEEP
    assert cache.fresh(courses[-1]) == {"parsed": cache.KEEP + 1}
    assert cache.fresh(courses[-cache.KEEP]) == {"parsed": 2}
    assert cache.fresh(courses[0]) is None  # the oldest was dropped
