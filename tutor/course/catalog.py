"""The whole course: every lesson file under the lesson directories, in course order.

The bundled course lives in the `lessons` package (shipped inside the wheel). Teachers add
their own directories with `--lessons DIR` or `DLTUTOR_LESSONS=dir1:dir2`; a directory may
carry its own `topics.yaml` with extra parts and topics.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tutor.course.model import Lesson, LessonError, Part, Text, Topic

TOPICS_FILE = "topics.yaml"


def bundled_lessons_dir() -> Path:
    import lessons

    return Path(lessons.__file__).resolve().parent


def lesson_dirs(args=None) -> list[Path]:
    """Bundled lessons first, then DLTUTOR_LESSONS, then --lessons (in that order)."""
    dirs = [bundled_lessons_dir()]
    for entry in os.environ.get("DLTUTOR_LESSONS", "").split(os.pathsep):
        if entry.strip():
            dirs.append(Path(entry).expanduser())
    for entry in getattr(args, "lessons", None) or ():
        dirs.append(Path(entry).expanduser())
    return dirs


@dataclass
class Catalog:
    lessons: dict[str, Lesson] = field(default_factory=dict)
    errors: list[LessonError] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def get(self, lesson_id: str) -> Lesson:
        try:
            return self.lessons[lesson_id]
        except KeyError:
            raise KeyError(f"no lesson with id '{lesson_id}' (see `dltutor list`)") from None

    def find(self, ref: str) -> Lesson | None:
        """A lesson by id or by the path of its file."""
        if ref in self.lessons:
            return self.lessons[ref]
        path = Path(ref).expanduser()
        if path.exists():
            path = path.resolve()
            for lesson in self.lessons.values():
                if lesson.path.resolve() == path:
                    return lesson
        return None

    def part_title(self, part_id: str) -> Text:
        for part in self.parts:
            if part.id == part_id:
                return part.title
        return Text(part_id, part_id)

    def by_part(self) -> list[tuple[Part, list[Lesson]]]:
        groups = [(p, [le for le in self.lessons.values() if le.part == p.id]) for p in self.parts]
        return [(p, ls) for p, ls in groups if ls]

    @property
    def error_count(self) -> int:
        return sum(e.severity == "error" for e in self.errors)


def load_catalog(extra_dirs=(), lang: str | None = None, args=None, cache: bool = True) -> Catalog:
    """Load every lesson. Errors are collected in `catalog.errors`; nothing raises.

    With `cache`, an unchanged course (same files, sizes and modification times) is read
    back from the cache in a few milliseconds instead of parsed again (see course/cache.py).
    """
    dirs = lesson_dirs(args) + [Path(d) for d in extra_dirs]
    if not cache:
        return _parse_catalog(dirs)
    from tutor.course import cache as catalog_cache

    return catalog_cache.cached(dirs, _parse_catalog)


def cached_catalog(extra_dirs=(), args=None) -> Catalog | None:
    """The course from the cache when nothing changed since it was parsed, else None."""
    from tutor.course import cache as catalog_cache

    return catalog_cache.fresh(lesson_dirs(args) + [Path(d) for d in extra_dirs])


def _parse_catalog(dirs: list[Path]) -> Catalog:
    from tutor.course.loader import load_lesson  # the YAML parser: only when parsing

    catalog = Catalog()
    seen_dirs: set[Path] = set()
    seen_files: set[Path] = set()
    for directory in dirs:
        directory = directory.resolve()
        if directory in seen_dirs:
            continue
        seen_dirs.add(directory)
        if not directory.is_dir():
            catalog.errors.append(LessonError(directory, 0, "lesson directory not found"))
            continue
        _load_topics(catalog, directory / TOPICS_FILE)
        for path in sorted(directory.rglob("*.yaml")):
            hidden = any(p.startswith((".", "_")) for p in path.relative_to(directory).parts)
            if path.name == TOPICS_FILE or hidden or path.resolve() in seen_files:
                continue
            seen_files.add(path.resolve())
            catalog.files.append(path)
            lesson, errors = load_lesson(path)
            catalog.errors.extend(errors)
            if lesson is None:
                continue
            if lesson.id in catalog.lessons:
                first = catalog.lessons[lesson.id].path
                catalog.errors.append(
                    LessonError(
                        path, lesson.line, f"lesson id '{lesson.id}' is already used by {first}"
                    )
                )
                continue
            catalog.lessons[lesson.id] = lesson
    _check_references(catalog)
    part_rank = {p.id: i for i, p in enumerate(catalog.parts)}
    ordered = sorted(
        catalog.lessons.values(), key=lambda le: (part_rank.get(le.part, 99), le.order, le.id)
    )
    catalog.lessons = {le.id: le for le in ordered}
    return catalog


def _load_topics(catalog: Catalog, path: Path) -> None:
    from tutor.course.yamlsrc import LineDict, YamlSourceError, load_yaml

    if not path.exists():
        return
    try:
        data = load_yaml(path)
    except YamlSourceError as exc:
        catalog.errors.append(LessonError(path, exc.line, exc.message))
        return
    if not isinstance(data, LineDict):
        catalog.errors.append(LessonError(path, 1, "topics file must be a mapping"))
        return
    known_parts = {p.id for p in catalog.parts}
    for i, raw in enumerate(data.get("parts") or []):
        line = data["parts"].line_of(i)
        if not isinstance(raw, dict) or not {"id", "en", "zh"} <= set(raw):
            catalog.errors.append(LessonError(path, line, "a part needs id, en and zh"))
        elif raw["id"] not in known_parts:
            catalog.parts.append(Part(raw["id"], Text(raw["en"], raw["zh"])))
            known_parts.add(raw["id"])
    for i, raw in enumerate(data.get("topics") or []):
        line = data["topics"].line_of(i)
        if not isinstance(raw, dict) or not {"id", "part", "en", "zh"} <= set(raw):
            catalog.errors.append(LessonError(path, line, "a topic needs id, part, en and zh"))
            continue
        if raw["id"] in catalog.topics:
            catalog.errors.append(LessonError(path, line, f"topic '{raw['id']}' defined twice"))
            continue
        catalog.topics[raw["id"]] = Topic(
            raw["id"], raw["part"], Text(str(raw["en"]), str(raw["zh"])), bool(raw.get("core"))
        )


def _check_references(catalog: Catalog) -> None:
    """Cross-lesson checks: topics and parts known, prerequisites exist and form no cycle."""
    part_ids = {p.id for p in catalog.parts}
    bad: set[str] = set()
    for lesson in catalog.lessons.values():
        if part_ids and lesson.part not in part_ids:
            catalog.errors.append(
                LessonError(lesson.path, lesson.line, f"unknown part '{lesson.part}'")
            )
            bad.add(lesson.id)
        for topic in lesson.covers:
            if topic not in catalog.topics:
                catalog.errors.append(
                    LessonError(
                        lesson.path,
                        lesson.line,
                        f"covers unknown topic '{topic}' (topic ids are in lessons/topics.yaml)",
                    )
                )
                bad.add(lesson.id)
        for prereq in lesson.prerequisites:
            if prereq not in catalog.lessons:
                catalog.errors.append(
                    LessonError(
                        lesson.path, lesson.line, f"prerequisite '{prereq}' is not a lesson id"
                    )
                )
                bad.add(lesson.id)
    for lesson_id in _cycle_members(catalog):
        lesson = catalog.lessons[lesson_id]
        catalog.errors.append(
            LessonError(lesson.path, lesson.line, "prerequisites form a cycle through this lesson")
        )
        bad.add(lesson_id)
    for lesson_id in bad:
        del catalog.lessons[lesson_id]


def _cycle_members(catalog: Catalog) -> list[str]:
    state: dict[str, int] = {}
    in_cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in catalog.lessons[node].prerequisites:
            if nxt not in catalog.lessons:
                continue
            if state.get(nxt) == 1:
                in_cycle.extend(stack[stack.index(nxt) :])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for lesson_id in catalog.lessons:
        if lesson_id not in state:
            visit(lesson_id, [])
    return sorted(set(in_cycle))
