"""The title and key bars every screen shows: right keys for the focus, clickable, fit 80x24."""

from __future__ import annotations

import gc

from conftest import EVERY_BLOCK, open_lesson, screen_text, wait_until

from tutor.screens.course_map import CourseMapScreen
from tutor.screens.progress import ProgressScreen
from tutor.widgets.bars import KeyBar, TitleBar


def bar_text(screen) -> str:
    return screen.query_one(KeyBar).render().plain


async def test_key_bar_follows_the_screen_and_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = bar_text(app.screen)
        assert "c Continue" in keys and "r Review" in keys and "f1 Help" in keys
        assert keys.rstrip().endswith("^p palette")
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await pilot.pause()
        keys = bar_text(screen)
        assert "esc Back" in keys and "c Continue" not in keys
        assert "Every block" in screen.query_one(TitleBar).render().plain


async def test_a_key_that_does_not_fit_is_left_out_whole_and_the_palette_stays(make_app):
    app = make_app()
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        keys = bar_text(app.screen)
        assert len(keys) == 50
        assert keys.rstrip().endswith("^p palette")
        assert "Language" not in keys and " f " not in keys  # nothing cut in half


async def test_clicking_a_key_runs_its_action(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        start = bar.render().plain.index("p Progress")
        await pilot.click(KeyBar, offset=(start + 2, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen), what="progress")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen), what="map")


async def test_keys_and_title_follow_the_language(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        keys = bar_text(app.screen)
        assert "c 继续" in keys and "命令面板" in keys
        assert "已完成 0 / 2 课" in screen_text(app)


async def test_the_collector_switched_off_for_start_up_is_back_on_once_the_map_is_up(make_app):
    gc.disable()  # as `dltutor` does before importing Textual (tutor.cli.tui_cmd)
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_exercise_can_be_done_with_the_mouse_alone(make_app):
    from conftest import static_text, wait_for_kernel

    from tutor.widgets.exercise_panel import ExercisePanel

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await wait_for_kernel(pilot, screen)
        panel = screen.query_one(ExercisePanel)
        panel.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(ExercisePanel)  # a click focuses the panel: its keys appear below
        await wait_until(pilot, lambda: app.focused is panel, what="panel focused")

        async def click_key(words: str) -> None:
            keys = bar_text(screen)
            assert words in keys, keys
            await pilot.click(KeyBar, offset=(keys.index(words) + 1, 0))

        await click_key("h Hint")
        await wait_until(
            pilot, lambda: "Multiply by two." in static_text(panel.query_one(".hints")), what="hint"
        )
        await click_key("t Run tests")
        await wait_until(pilot, lambda: panel.result is not None, timeout=20, what="grading")
        assert not panel.result.passed


async def test_keys_of_a_widget_mounted_after_the_switch_are_in_the_language_too(make_app):
    from tutor.widgets.code_cell import CodeCell

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, EVERY_BLOCK)
        await pilot.press("f2")
        cell = screen.query_one(CodeCell)
        cell.focus()
        await pilot.press("e")  # the editor and its Ctrl+R binding appear only now
        await wait_until(pilot, lambda: app.focused is cell.editor, what="editor focus")
        await wait_until(pilot, lambda: "^r 运行" in bar_text(screen), what="localized key")
        assert "Run" not in bar_text(screen)


async def test_the_palette_offers_f1_help_not_textuals_english_keys_panel(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and "Quit" in titles
