"""The lesson's table of contents: headings, cells, quizzes and exercises, to jump to."""

from __future__ import annotations

import re

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.course.model import Code, Exercise, Lesson, Prose, Quiz
from tutor.i18n import tr

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def contents_entries(lesson: Lesson, lang: str) -> list[tuple[int, str]]:
    """(block index, label) for every heading, cell, quiz and exercise, in order."""
    entries: list[tuple[int, str]] = []
    for index, block in enumerate(lesson.blocks):
        if isinstance(block, Prose):
            for hashes, title in _HEADING.findall(block.text.get(lang)):
                entries.append(
                    (index, "  " * (len(hashes) - 2) + title if len(hashes) > 2 else title)
                )
        elif isinstance(block, Code):
            entries.append((index, f"  ▶ {block.id}"))
        elif isinstance(block, Quiz):
            entries.append((index, f"  ? {tr('Quiz', lang)}"))
        elif isinstance(block, Exercise):
            entries.append((index, f"  ✎ {block.title.get(lang)}"))
    return entries


class LessonContents(OptionList):
    """Select an entry to jump to its block (the screen handles OptionSelected)."""

    DEFAULT_CSS = """
    LessonContents {
        width: 28;
        height: 1fr;
        border: none;
        border-right: tall $panel;
        background: $surface;
    }
    """

    def show(self, lesson: Lesson, lang: str) -> None:
        self.clear_options()
        self.add_options(
            Option(label, id=f"{n}:{index}")
            for n, (index, label) in enumerate(contents_entries(lesson, lang))
        )

    @staticmethod
    def block_index(option: Option) -> int:
        return int(str(option.id).split(":")[1])
