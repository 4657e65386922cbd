"""A whole lesson as Rich renderables, in reading order (for `dltutor show`)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text as RichText

from tutor.course.model import Code, Exercise, Lesson, Math, Prose, Quiz
from tutor.render.math import render_math
from tutor.render.prose import render_prose

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LABELS = {
    "en": {"quiz": "Quiz", "exercise": "Exercise", "hint": "Hint", "answer": "Answer",
           "solution": "Solution", "starter": "Starter code", "explain": "Why"},
    "zh": {"quiz": "测验", "exercise": "练习", "hint": "提示", "answer": "答案",
           "solution": "参考答案", "starter": "起始代码", "explain": "解析"},
}  # fmt: skip


def prose(markdown: str, ascii: bool = False):
    return render_prose(markdown, ascii=ascii)


def equation(latex: str, ascii: bool = False):
    return render_math(latex, display=True, ascii=ascii)


def answer_text(question, lang: str) -> str:
    if question.kind in ("single", "multiple"):
        return ", ".join(LETTERS[i] for i in question.correct_indices)
    if question.kind == "numeric":
        return f"{question.number:g}"
    if question.kind == "shape":
        return str(question.shape)
    return " / ".join(question.accept)


def render_lesson(
    console: Console, lesson: Lesson, lang: str, kernel=None, answers=False, ascii=False
) -> bool:
    """Print the lesson; with a kernel, run cells and print outputs. Returns True if a cell failed."""
    words = LABELS[lang]
    console.print(Rule(f"[bold]{lesson.title.get(lang)}[/]"))
    console.print(RichText(lesson.summary.get(lang), style="italic"))
    failed = False
    for block in lesson.blocks:
        console.print()
        if isinstance(block, Prose):
            console.print(prose(block.text.get(lang), ascii=ascii))
        elif isinstance(block, Math):
            console.print(Padding(equation(block.latex, ascii=ascii), (0, 4)))
        elif isinstance(block, Code):
            console.print(
                Panel(Syntax(block.source.rstrip(), "python"), title=block.id, title_align="left")
            )
            if kernel is not None and not failed:
                from tutor.render.terminal import TerminalDisplay

                display = TerminalDisplay()  # draws each live curve once, when the cell ends
                result = kernel.execute(
                    block.source,
                    on_event=display.show,
                    timeout=block.timeout,
                    name=f"<cell {block.id}>",
                    lang=lang,
                )
                display.finish(result)
                failed = result.status != "ok"
        elif isinstance(block, Quiz):
            for n, q in enumerate(block.questions, 1):
                # one Markdown paragraph, so the label and the question wrap together
                console.print(prose(f"**{words['quiz']} {n}.** {q.prompt.get(lang)}", ascii=ascii))
                for i, choice in enumerate(q.choices):
                    console.print(RichText(f"   {LETTERS[i]}. {choice.text.get(lang)}"))
                if answers:
                    console.print(
                        RichText(f"   {words['answer']}: {answer_text(q, lang)}", style="green")
                    )
                    console.print(Padding(prose(q.explanation.get(lang), ascii=ascii), (0, 3)))
        elif isinstance(block, Exercise):
            parts = [prose(block.prompt.get(lang), ascii=ascii),
                     RichText(words["starter"], style="bold"),
                     Syntax(block.starter.rstrip(), "python")]  # fmt: skip
            for i, hint in enumerate(block.hints, 1):
                parts.append(RichText(f"{words['hint']} {i}: {hint.get(lang)}", style="dim"))
            if answers:
                parts += [
                    RichText(words["solution"], style="bold green"),
                    Syntax(block.solution.rstrip(), "python"),
                ]
            console.print(
                Panel(
                    Group(*parts),
                    title=f"{words['exercise']}: {block.title.get(lang)}",
                    title_align="left",
                )
            )
    return failed
