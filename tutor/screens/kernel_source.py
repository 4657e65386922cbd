"""The source of the kernels/ code a lesson uses, read from the file (never imported)."""

from __future__ import annotations

import ast
from typing import ClassVar

from rich.console import Group
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.i18n import tr


def kernel_source(dotted: str) -> tuple[str, int] | None:
    """(source of one top-level def or class, its first line) for `kernels.module.Name`."""
    from tutor.course.checker import kernel_source_path

    found = kernel_source_path(dotted)
    if found is None:
        return None
    path, name = found
    text = path.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
            node.name == name
        ):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = text.splitlines()[first - 1 : node.end_lineno]
            return "\n".join(lines), first
    return None


class KernelSourceScreen(ModalScreen[None]):
    """Every kernels/ name of the lesson, one after the other, highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,K", "dismiss", "Close")]

    DEFAULT_CSS = """
    KernelSourceScreen {
        align: center middle;
    }
    KernelSourceScreen > VerticalScroll {
        width: 96%;
        height: 92%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        parts: list = []
        for dotted in self.names:
            parts.append(Rule(dotted, align="left"))
            found = kernel_source(dotted)
            if found is None:
                parts.append(Text(tr("Source not found: {name}", lang).format(name=dotted)))
                continue
            source, first_line = found
            parts.append(
                Syntax(source, "python", line_numbers=True, start_line=first_line,
                       background_color="default")
            )  # fmt: skip
        with VerticalScroll() as scroll:
            scroll.border_title = tr("Kernel source", lang)
            scroll.border_subtitle = "Esc"
            yield Static(Group(*parts))

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(result)
