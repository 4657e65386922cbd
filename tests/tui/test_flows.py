"""Pilot tests: every flow a learner goes through, against the real kernel and store."""

from __future__ import annotations

import dataclasses
import sys
import time

import pytest
from conftest import (
    EVERY_BLOCK,
    LINE_FITTING,
    open_lesson,
    screen_text,
    static_text,
    wait_for_kernel,
    wait_until,
)
from textual.widgets import Input, Tree

from tutor.screens.course_map import CourseMapScreen
from tutor.screens.lesson import LessonScreen
from tutor.widgets.code_cell import CodeCell
from tutor.widgets.exercise_panel import ExercisePanel
from tutor.widgets.quiz import QuestionCard, QuizBlock


@pytest.mark.slow  # parses every bundled lesson
async def test_course_map_loads_the_course_in_the_background(data_dir, tmp_path, monkeypatch):
    from conftest import make_args

    from tutor.app import TutorApp

    monkeypatch.setenv("DLTUTOR_CACHE", str(tmp_path / "empty-cache"))
    app = TutorApp(make_args(data_dir))  # no catalog given and none cached: a worker parses it
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Loading the course…" in screen_text(app)
        await pilot.press("c")  # pressed while loading: carried out once the course is there
        await wait_until(pilot, lambda: app.catalog is not None, timeout=60, what="catalog")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen), what="continue")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen), what="map")
        text = screen_text(app)
        assert "Every block" in text
        assert "Fitting a line through 100 points" in text
        assert "lessons done" in text

    # the next start finds the parsed course in the cache: the map is the first screen
    second = TutorApp(make_args(data_dir))
    assert second.catalog is not None
    async with second.run_test(size=(100, 30)):
        assert "lessons done" in screen_text(second)


@pytest.mark.slow  # the example lesson's kernel preloads torch (in its own process)
async def test_enter_on_a_lesson_opens_it_without_importing_torch(make_app, forbid_torch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        tree = app.screen.query_one(Tree)
        await pilot.pause()
        assert tree.cursor_node.data == LINE_FITTING
        await pilot.press("down")
        assert tree.cursor_node.data == EVERY_BLOCK
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen), what="lesson")
        text = screen_text(app)
        assert "A lesson that uses every block type." in text
        assert "Intro" in text
        # the example lesson preloads torch in its kernel: never in the UI process
        await open_lesson(pilot, LINE_FITTING)
        await wait_for_kernel(pilot, app.screen)
        assert "torch" not in sys.modules and forbid_torch.attempts == []
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)


async def test_run_a_cell_and_see_its_output(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        cell = screen.query_one(CodeCell)
        cell.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: cell.status == "ok", what="cell run")
        cell.output.flush()
        await pilot.pause()
        assert cell.output.text == "42\n"
        assert "42" in screen_text(app)


async def test_edit_a_cell_and_rerun_it_with_ctrl_r(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        cell = screen.query_one(CodeCell)
        cell.focus()
        await pilot.press("e")
        await wait_until(pilot, lambda: app.focused is cell.editor, what="editor focus")
        cell.editor.text = "print('edited', 6 * 7)"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: cell.status == "ok", timeout=20, what="cell run")
        cell.output.flush()
        assert cell.output.text == "edited 42\n"
        await pilot.press("escape")  # leaves the editor, not the lesson
        await wait_until(pilot, lambda: app.focused is cell, what="cell focus")
        assert isinstance(app.screen, LessonScreen)


async def test_a_shape_error_is_explained_in_the_language_switched_to(make_app):
    app = make_app()  # English; the kernel starts in English
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        await pilot.press("f2")  # now Chinese: the running kernel is not restarted
        cell = screen.query_one(CodeCell)
        cell.focus()
        await pilot.press("e")
        await wait_until(pilot, lambda: app.focused is cell.editor, what="editor focus")
        cell.editor.text = "import numpy as np\nnp.ones((2, 3)) @ np.ones((4, 5))"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: cell.status == "error", timeout=20, what="cell run")
        await wait_until(pilot, lambda: "矩阵乘法" in screen_text(app), what="explanation")


async def test_interrupt_a_long_cell_keeps_the_ui_responsive(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        cell = screen.query_one(CodeCell)
        cell.block = dataclasses.replace(cell.block, timeout=60)  # the fixture allows only 5 s
        cell.editor.text = "import time\nfor i in range(600):\n    print(i)\n    time.sleep(0.05)\n"
        cell.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: "3" in cell.output.text, what="streamed output")
        # the UI keeps handling keys while the cell runs
        await pilot.press("k")
        assert cell.status == "running"
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: cell.status == "interrupted", what="interrupt")
        assert "interrupted" in screen_text(app)


async def test_run_all_runs_cells_in_order_and_reset_forgets_variables(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        cell = screen.query_one(CodeCell)
        await pilot.press("A")
        await wait_until(pilot, lambda: cell.status == "ok", what="run all")
        cell.editor.text = "print(total)"
        cell.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: cell.status == "ok", what="second run")
        await pilot.press("R")
        await wait_until(pilot, lambda: cell.status == "idle", what="reset")
        await pilot.press("r")
        await wait_until(pilot, lambda: cell.status == "error", what="run after reset")
        cell.output.flush()
        await pilot.pause()
        assert "NameError" in screen_text(app)


ANSWERS = {"one": ("a", "B"), "many": ("A", "a, c"), "num": ("3", "1/2"),
           "shp": ("(32, 16)", "32x16x14x14"), "word": ("slope", "Gradient")}  # fmt: skip


async def test_answer_each_quiz_type_wrong_then_right(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        cards = {card.question.id: card for card in screen.query(QuestionCard)}
        assert set(cards) == set(ANSWERS)
        for question_id, (wrong, right) in ANSWERS.items():
            card = cards[question_id]
            card.query_one(Input).focus()
            await pilot.press(*wrong, "enter")
            assert card.correct is False, question_id
            assert "Not quite" in static_text(card.query_one(".feedback"))
            await pilot.press(*right, "enter")
            assert card.correct is True, question_id
        header = static_text(screen.query_one(QuizBlock).query_one(".quiz-header"))
        assert "Score: 5 of 5" in header
        history = app.store.answers(EVERY_BLOCK)
        assert [a["correct"] for a in history] == [False, True] * 5


async def test_unreadable_answer_is_explained_and_not_recorded(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        card = next(c for c in screen.query(QuestionCard) if c.question.id == "num")
        card.query_one(Input).focus()
        await pilot.press(*"half", "enter")
        assert card.correct is None
        assert "number" in static_text(card.query_one(".feedback"))
        assert app.store.answers(EVERY_BLOCK) == []


async def test_fail_then_pass_an_exercise(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        panel = screen.query_one(ExercisePanel)
        assert "raise NotImplementedError" in panel.code  # the starter
        await wait_for_kernel(pilot, screen)
        panel.focus()
        await pilot.press("t")
        await wait_until(pilot, lambda: panel.result is not None, timeout=20, what="grading")
        assert not panel.result.passed
        assert "✗ test_two" in static_text(panel.query_one(".results"))
        panel.editor.text = "def double(x):\n    return FACTOR * x\n"
        panel.editor.focus()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: panel.result.passed, timeout=20, what="second grading")
        assert "All tests passed!" in static_text(panel.query_one(".results"))
        attempts = app.store.exercise_attempts(EVERY_BLOCK, "double")
        assert [a["passed"] for a in attempts] == [True, False]  # newest first


async def test_hints_solution_and_diff_are_revealed_and_recorded(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        panel = screen.query_one(ExercisePanel)
        panel.focus()
        await pilot.press("h")
        assert "Multiply by two." in static_text(panel.query_one(".hints"))
        await pilot.press("s")
        assert not panel.solution_shown  # the first press only asks
        await pilot.press("s")
        assert panel.solution_shown
        await pilot.press("d")
        solution = static_text(panel.query_one(".solution"))
        assert "return FACTOR * x" in solution
        assert "-    raise NotImplementedError" in solution
        assert app.store.reveals(EVERY_BLOCK, "double") == {"hint": [0], "solution": [0]}


async def test_progress_survives_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        card = next(c for c in screen.query(QuestionCard) if c.question.id == "one")
        card.query_one(Input).focus()
        await pilot.press("B", "enter")
        panel = screen.query_one(ExercisePanel)
        panel.editor.text = "def double(x):\n    return x + x  # mine\n"
        panel.focus()  # also the last position
        await pilot.press("escape")
    app.store.close()

    again = make_app()
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Continue: Every block" in screen_text(again)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(again.screen, LessonScreen), what="continue")
        screen = again.screen
        panel = screen.query_one(ExercisePanel)
        assert "# mine" in panel.code
        assert again.focused is panel
        card = next(c for c in screen.query(QuestionCard) if c.question.id == "one")
        assert card.correct is True
        assert "Correct" in static_text(card.query_one(".feedback"))


async def test_switch_language_at_run_time(make_app):
    app = make_app(lang=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "zh"
        text = screen_text(app)
        assert "所有块" in text and "已完成 0 / 2 课" in text
        assert "继续" in text  # the footer follows too
        screen = await open_lesson(pilot, EVERY_BLOCK)
        assert "使用了每一种块的课程。" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "A lesson that uses every block type." in screen_text(app)
        card = screen.query_one(QuestionCard)
        assert "Pick B" in static_text(card.query_one(".prompt"))
        assert app.store.get_setting("language") == "en"


async def test_resize_to_80x24_reflows(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.has_class("narrow")
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert app.screen.has_class("narrow")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "Every block" in text and "Continue" in text
        screen = await open_lesson(pilot, EVERY_BLOCK)
        assert not screen.query_one("#contents").display  # no room for the contents
        await pilot.press("c")
        assert screen.query_one("#contents").display
        assert max(len(line) for line in screen_text(app).splitlines()) <= 80


async def test_help_on_f1_and_question_mark(make_app):
    from tutor.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await wait_until(pilot, lambda: "Continue" in screen_text(app), what="help text")
        assert "Ctrl+P" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen), what="map")
        await open_lesson(pilot, EVERY_BLOCK)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        # hidden from the footer, listed in help
        await wait_until(pilot, lambda: "Reset kernel" in screen_text(app), what="help text")


async def test_command_palette_finds_a_glossary_term(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"slope")
        await wait_until(pilot, lambda: "How steep" in screen_text(app), what="search hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen), what="opened")
        assert app.screen.lesson.id == EVERY_BLOCK


async def test_review_asks_due_questions(make_app):
    from tutor.screens.review import ReviewScreen

    app = make_app()
    app.store.record_answer(EVERY_BLOCK, "num", "3", False, when=time.time() - 3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        await wait_until(pilot, lambda: "Half of one?" in screen_text(app), what="question")
        await pilot.press(*"0.5", "enter")
        assert "Correct" in screen_text(app)
        await pilot.press("ctrl+n")
        assert "Review finished: 1 of 1 right." in screen_text(app)


async def test_progress_screen_shows_parts_and_accuracy(make_app):
    app = make_app()
    app.store.record_answer(EVERY_BLOCK, "num", "0.5", True)
    app.store.record_answer(EVERY_BLOCK, "one", "A", False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        text = screen_text(app)
        assert "Math and NumPy foundations" in text
        assert "50%" in text  # one of two answers right
        assert "1 / 10" in text  # questions right, of both lessons


async def test_theme_switch_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        assert app.theme == "dltutor-light"
        assert app.store.get_setting("theme") == "dltutor-light"


async def test_kernel_source_of_the_lesson(make_app):
    from tutor.screens.kernel_source import KernelSourceScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(pilot, LINE_FITTING)
        await pilot.press("K")
        assert isinstance(app.screen, KernelSourceScreen)
        assert "class MSELoss" in screen_text(app)
