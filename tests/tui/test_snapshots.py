"""Snapshot tests of the main screens (pytest-textual-snapshot; fixed sizes, no clocks).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest
from conftest import EVERY_BLOCK, open_lesson, small_course, wait_for_kernel, wait_until
from textual.widgets import Input

from tutor.widgets.code_cell import CodeCell
from tutor.widgets.exercise_panel import ExercisePanel
from tutor.widgets.quiz import QuestionCard


@pytest.fixture
def make_app(make_app):
    """Apps on the fixture lesson alone: the bundled lessons change while the course grows."""

    def make(**kwargs):
        return make_app(catalog=small_course((EVERY_BLOCK,)), **kwargs)

    return make


def test_course_map_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_course_map_in_chinese_light_theme(snap_compare, make_app):
    app = make_app(lang="zh")
    app.theme = "dltutor-light"
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_over_the_course_map(snap_compare, make_app):
    assert snap_compare(make_app(), press=["f1"], terminal_size=(80, 24))


def test_lesson_with_a_cell_run(snap_compare, make_app):
    async def run_cell(pilot):
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        cell = screen.query_one(CodeCell)
        cell.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: cell.status == "ok", what="cell run")
        cell.duration = 0.1  # the measured time would change every run
        cell.watch_status()
        cell.output.flush()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=run_cell)


def test_quiz_feedback(snap_compare, make_app):
    async def answer(pilot):
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        cards = list(screen.query(QuestionCard))
        for card, answer in ((cards[0], "B"), (cards[1], "A")):
            box = card.query_one(Input)
            box.focus()
            await wait_until(pilot, lambda box=box: pilot.app.focused is box, what="answer box")
            await pilot.press(answer, "enter")
            await wait_until(pilot, lambda card=card: card.last_answer is not None, what="graded")
        cards[0].scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=answer)


def test_exercise_results_and_hint(snap_compare, make_app):
    async def grade(pilot):
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        panel = screen.query_one(ExercisePanel)
        panel.focus()
        await pilot.press("t")
        await wait_until(pilot, lambda: panel.result is not None, timeout=20, what="grading")
        await pilot.press("h")
        panel.scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=grade)


def test_progress_screen(snap_compare, make_app):
    app = make_app()
    app.store.record_answer(EVERY_BLOCK, "num", "0.5", True)
    app.store.record_answer(EVERY_BLOCK, "one", "A", False)
    app.store.set_lesson_status(EVERY_BLOCK, "done")
    assert snap_compare(app, press=["p"], terminal_size=(80, 24))
