"""Lesson prose (Markdown with math) and display equations, as focusable blocks."""

from __future__ import annotations

from rich.padding import Padding
from textual.widgets import Static

from tutor.course.model import Math, Prose
from tutor.render.lesson_text import equation, prose


class ProseBlock(Static, can_focus=True):
    """One text block of a lesson, in the app's language."""

    DEFAULT_CSS = """
    ProseBlock {
        height: auto;
        padding: 0 1;
        border-left: blank;
    }
    ProseBlock:focus {
        border-left: thick $primary;
        background: $boost;
    }
    """

    def __init__(self, block: Prose, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.update(prose(self.block.text.get(lang)))


class MathBlock(Static, can_focus=True):
    """A display equation (the same in every language)."""

    DEFAULT_CSS = """
    MathBlock {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        border-left: blank;
    }
    MathBlock:focus {
        border-left: thick $primary;
        background: $boost;
    }
    """

    def __init__(self, block: Math, **kwargs) -> None:
        super().__init__(Padding(equation(block.latex), (0, 0, 0, 4)), **kwargs)
        self.block = block

    def set_language(self, lang: str) -> None:
        pass
