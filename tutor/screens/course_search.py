"""Command-palette search over the course: lesson titles, topics and glossary terms."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.i18n import tr

# among hits that contain the query as typed: lessons first, then topics, then terms
KIND_RANK = {"lesson": 2, "topic": 1, "term": 0}
# Textual's fuzzy scores are unbounded but far below this: a tier per kind above them
_TIER = 1e6


def search_entries(catalog, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(kind, shown text, lesson id, help, id) for every lesson, topic and glossary term.

    Both languages are searchable whatever the UI language: a learner may know a term in
    either. Ids are searchable too (`nanogpt`, `lstm`). Topics and terms open the first
    lesson that covers or defines them.
    """
    entries: list[tuple[str, str, str, str, str]] = []
    other = "en" if lang == "zh" else "zh"
    for lesson in catalog.lessons.values():
        entries.append(
            ("lesson", f"{lesson.title.get(lang)} · {lesson.title.get(other)}", lesson.id,
             lesson.summary.get(lang), lesson.id)
        )  # fmt: skip
    for topic in catalog.topics.values():
        lesson = next((le for le in catalog.lessons.values() if topic.id in le.covers), None)
        if lesson is not None:
            entries.append(
                ("topic", f"{topic.title.get(lang)} · {topic.title.get(other)}", lesson.id,
                 lesson.title.get(lang), topic.id)
            )  # fmt: skip
    seen: set[str] = set()
    for lesson in catalog.lessons.values():
        for term, meaning in lesson.glossary.items():
            if term in seen:
                continue
            seen.add(term)
            entries.append(
                ("term", term, lesson.id, f"{meaning.get(lang)} — {lesson.title.get(lang)}", term)
            )
    return entries


def hit_score(matcher_score: float, query: str, kind: str, text: str, key: str) -> float:
    """Hits that contain the query as typed (in the text or the id) beat scattered fuzzy
    matches; among those, lessons beat topics beat terms."""
    wanted = query.strip().lower()
    if wanted and (wanted in text.lower() or wanted in key.lower()):
        return _TIER * (1 + KIND_RANK[kind]) + matcher_score
    return matcher_score


class CourseSearch(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        catalog = getattr(app, "catalog", None)
        if catalog is None:
            return
        lang = app.lang
        matcher = self.matcher(query)
        for kind, text, lesson_id, help_text, key in search_entries(catalog, lang):
            label = f"{tr(kind, lang)}: {text}"
            score = hit_score(matcher.match(label), query, kind, text, key)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(app.open_lesson, lesson_id),
                    text=label,
                    help=help_text,
                )

    async def discover(self) -> Hits:
        app = self.app
        catalog = getattr(app, "catalog", None)
        if catalog is None:
            return
        lang = app.lang
        for lesson in catalog.lessons.values():
            yield DiscoveryHit(
                f"{tr('lesson', lang)}: {lesson.title.get(lang)}",
                partial(app.open_lesson, lesson.id),
                help=lesson.summary.get(lang),
            )
