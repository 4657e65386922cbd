"""`dltutor check`: validate lessons and run everything in them, as an author or CI would.

For each lesson: the loader's findings, every equation rendered, every `kernels:` name
resolved, every code cell run in order in a fresh sandbox kernel, and each exercise graded
twice (the reference solution must pass, the starter must fail).
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tutor.course.model import Lesson, LessonError


@dataclass
class LessonReport:
    name: str  # the lesson id, or the file name when the file did not load
    path: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cells: int = 0
    exercises: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_static(lesson: Lesson, file_errors: list[LessonError]) -> LessonReport:
    """Everything that needs no kernel: loader findings, equations, kernels: names."""
    report = LessonReport(lesson.id, lesson.path)
    for err in file_errors:
        (report.problems if err.severity == "error" else report.warnings).append(str(err))
    _check_equations(lesson, report)
    _check_kernel_names(lesson, report)
    _check_zh_punctuation(lesson, report)
    return report


def _lesson_texts(lesson: Lesson):
    """Every piece of bilingual prose in the lesson, with the line it starts on."""
    from tutor.course.model import Exercise, Prose, Quiz

    yield lesson.title, lesson.line
    yield lesson.summary, lesson.line
    for block in lesson.blocks:
        if isinstance(block, Prose):
            yield block.text, block.line
        elif isinstance(block, Quiz):
            for q in block.questions:
                yield q.prompt, q.line
                yield q.explanation, q.line
                for choice in q.choices:
                    yield choice.text, q.line
        elif isinstance(block, Exercise):
            for text in (block.title, block.prompt, *block.hints):
                yield text, block.line


def _check_zh_punctuation(lesson: Lesson, report: LessonReport) -> None:
    from tutor.course.zhpunct import ascii_punctuation_in_zh

    for text, line in _lesson_texts(lesson):
        found = ascii_punctuation_in_zh(text.zh)
        if found:
            report.warnings.append(
                f"{lesson.path}:{line}: warning: ASCII punctuation in Chinese text, "
                f"use full-width (，：；？！（）“”): …{found[0]}…"
            )


def _check_equations(lesson: Lesson, report: LessonReport) -> None:
    from tutor.render.math import render_math

    for latex, line, display in lesson.equations:
        try:
            rendered = render_math(latex, display=display)
        except Exception as exc:  # the renderer must never crash; if it does, that is a failure
            report.problems.append(f"{lesson.path}:{line}: equation failed to render: {exc!r}")
            continue
        for warning in rendered.warnings:
            report.warnings.append(f"{lesson.path}:{line}: warning: {warning} in ${latex}$")


def kernel_source_path(dotted: str) -> tuple[Path, str] | None:
    """`kernels.losses.MSELoss` -> (path of kernels/losses.py, "MSELoss"), found without importing."""
    import kernels

    parts = dotted.split(".")
    if len(parts) < 3 or parts[0] != "kernels":
        return None
    module = Path(kernels.__file__).parent.joinpath(*parts[1:-1]).with_suffix(".py")
    return (module, parts[-1]) if module.exists() else None


def _check_kernel_names(lesson: Lesson, report: LessonReport) -> None:
    for dotted in lesson.kernels:
        found = kernel_source_path(dotted)
        names: set[str] = set()
        if found:
            tree = ast.parse(found[0].read_text(encoding="utf-8"))
            names = {
                n.name
                for n in tree.body
                if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            }
        if not found or found[1] not in names:
            report.problems.append(
                f"{lesson.path}:{lesson.line}: kernels: '{dotted}' does not exist in kernels/"
            )


def run_lesson(lesson: Lesson, report: LessonReport, lang: str = "en") -> None:
    """Run every cell in order in a fresh kernel, then grade each exercise's solution and starter."""
    from tutor.grading.exercise import grade_exercise
    from tutor.sandbox import Kernel, Limits

    started = time.monotonic()
    preload = ("numpy", *lesson.requires)
    with Kernel(limits=Limits(), preload=preload) as kernel:
        for cell in lesson.cells:
            result = kernel.execute(
                cell.source, timeout=cell.timeout, name=f"<cell {cell.id}>", lang=lang
            )
            report.cells += 1
            if result.status != "ok":
                detail = result.message or result.status
                if result.error:
                    detail = f"{result.error.get('ename')}: {result.error.get('evalue')}"
                report.problems.append(
                    f"{lesson.path}:{cell.line}: cell '{cell.id}' failed ({result.status}): {detail}"
                )
                break  # later cells depend on this one
        for exercise in lesson.exercises:
            report.exercises += 1
            where = f"{lesson.path}:{exercise.line}: exercise '{exercise.id}'"
            solved = grade_exercise(kernel, exercise, exercise.solution, lang)
            if not solved.passed:
                failing = [f"{t.name}: {t.message}" for t in solved.tests if not t.passed]
                why = solved.error or "; ".join(failing) or "no test ran"
                report.problems.append(f"{where}: the solution fails its tests: {why}")
            started_attempt = grade_exercise(kernel, exercise, exercise.starter, lang)
            if started_attempt.passed:
                report.problems.append(f"{where}: the starter passes every test (tests too weak?)")
            elif started_attempt.error and not started_attempt.tests:
                report.problems.append(
                    f"{where}: grading the starter stopped the kernel: {started_attempt.error}"
                )
    report.seconds = time.monotonic() - started


def check_catalog_lessons(
    lessons: list[Lesson],
    errors_by_file: dict[Path, list[LessonError]],
    run: bool = True,
    jobs: int = 1,
    on_report: Callable[[LessonReport], None] | None = None,
) -> list[LessonReport]:
    def one(lesson: Lesson) -> LessonReport:
        report = check_static(lesson, errors_by_file.get(lesson.path, []))
        if run and report.ok:
            try:
                run_lesson(lesson, report)
            except Exception as exc:  # a broken kernel must not hide the other lessons
                report.problems.append(f"{lesson.path}: could not run: {exc!r}")
        if on_report:
            on_report(report)
        return report

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, lessons))
