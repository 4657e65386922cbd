"""Command-palette search over the course: lesson titles, topics and glossary terms."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.i18n import tr


def search_entries(catalog, lang: str) -> list[tuple[str, str, str, str]]:
    """(kind, searchable text, lesson id, help) for every lesson, topic and glossary term.

    Both languages are searchable whatever the UI language: a learner may know a term in
    either. Topics and terms open the first lesson that covers or defines them.
    """
    entries: list[tuple[str, str, str, str]] = []
    other = "en" if lang == "zh" else "zh"
    for lesson in catalog.lessons.values():
        entries.append(
            ("lesson", f"{lesson.title.get(lang)} · {lesson.title.get(other)}", lesson.id,
             lesson.summary.get(lang))
        )  # fmt: skip
    for topic in catalog.topics.values():
        lesson = next((le for le in catalog.lessons.values() if topic.id in le.covers), None)
        if lesson is not None:
            entries.append(
                ("topic", f"{topic.title.get(lang)} · {topic.title.get(other)}", lesson.id,
                 lesson.title.get(lang))
            )  # fmt: skip
    seen: set[str] = set()
    for lesson in catalog.lessons.values():
        for term, meaning in lesson.glossary.items():
            if term in seen:
                continue
            seen.add(term)
            entries.append(
                ("term", term, lesson.id, f"{meaning.get(lang)} — {lesson.title.get(lang)}")
            )
    return entries


class CourseSearch(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        catalog = getattr(app, "catalog", None)
        if catalog is None:
            return
        lang = app.lang
        matcher = self.matcher(query)
        for kind, text, lesson_id, help_text in search_entries(catalog, lang):
            label = f"{tr(kind, lang)}: {text}"
            score = matcher.match(label)
            if score > 0 and query.strip().lower() in text.lower():
                score = 1.0 + score  # the words themselves beat a scattered fuzzy match
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
