"""Palette ranking over the whole bundled course: what a learner types finds the lesson."""

from __future__ import annotations

import pytest
from textual.fuzzy import Matcher

from tutor.course.catalog import load_catalog
from tutor.screens.course_search import hit_score, search_entries


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def ranked(catalog, query: str, lang: str = "en") -> list[tuple[str, str]]:
    """(kind, lesson id) of the hits, best first, as the palette orders them."""
    matcher = Matcher(query)
    scored = []
    for kind, text, lesson_id, _help, key in search_entries(catalog, lang):
        score = hit_score(matcher.match(f"{kind}: {text}"), query, kind, text, key)
        if score > 0:
            scored.append((score, kind, lesson_id))
    scored.sort(key=lambda hit: -hit[0])
    return [(kind, lesson_id) for _score, kind, lesson_id in scored]


@pytest.mark.parametrize(
    ("query", "lesson"),
    [("nanogpt", "nanogpt"), ("LSTM", "lstm"), ("batch norm", "batch-norm")],
)
def test_the_lesson_itself_comes_first(catalog, query, lesson):
    assert lesson in catalog.lessons
    assert ranked(catalog, query)[0] == ("lesson", lesson)


def test_a_topic_named_like_a_lesson_ranks_below_it(catalog):
    hits = ranked(catalog, "GPT")
    first_topic = next(i for i, (kind, _) in enumerate(hits) if kind == "topic")
    first_lesson = next(i for i, (kind, _) in enumerate(hits) if kind == "lesson")
    assert first_lesson < first_topic


def test_chinese_words_find_the_lesson_in_either_language(catalog):
    assert ranked(catalog, "细胞状态", lang="en")[0][1] == "lstm"
