"""The dltutor Textual app: holds the course, the learner's progress store and the language.

Screens live in tutor/screens, widgets in tutor/widgets. The catalog loads in a worker so
the course map appears at once; the lesson kernels (separate processes) start when a
lesson opens, and torch is never imported here.
"""

from __future__ import annotations

import gc
import sys
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from tutor.i18n import default_language
from tutor.messages import OpenLesson
from tutor.screens.course_map import CourseMapScreen
from tutor.themes import DEFAULT_THEME, THEMES, other_theme


def course_search_provider():
    """The palette's course search, imported when the palette first opens (faster start)."""
    from tutor.screens.course_search import CourseSearch

    return CourseSearch


class TutorApp(App[None]):
    """dltutor. `args` are the CLI options (lessons, data_dir, profile, lang)."""

    CSS_PATH = "app.tcss"
    TITLE = "dltutor"
    COMMANDS = App.COMMANDS | {course_search_provider}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "toggle_language", "Language"),
        Binding("f3", "toggle_theme", "Theme"),
        Binding("ctrl+q", "quit", "Quit", show=False),
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, args=None, *, catalog=None, store=None, extra_dirs=()) -> None:
        super().__init__()
        self.args = args
        self.extra_dirs = tuple(extra_dirs)
        if catalog is None:
            # an unchanged course comes from the cache in milliseconds: the course map is then
            # the first screen; otherwise a worker parses it after the first frame
            from tutor.course.catalog import cached_catalog

            catalog = cached_catalog(extra_dirs, args)
        self.catalog = catalog  # None until the loading worker is done
        if store is None:
            from tutor.progress.store import ProgressStore

            store = ProgressStore.open(
                getattr(args, "data_dir", None), getattr(args, "profile", None)
            )
        self.store = store
        for theme in THEMES:
            self.register_theme(theme)
        saved_theme = store.get_setting("theme", DEFAULT_THEME)
        self.theme = saved_theme if saved_theme in self.available_themes else DEFAULT_THEME
        self.set_reactive(
            TutorApp.lang,
            getattr(args, "lang", None) or default_language(store.get_setting("language")),
        )

    def get_default_screen(self) -> Screen:
        return CourseMapScreen()

    def on_mount(self) -> None:
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=10)
        if self.catalog is None:
            # after the first frame: parsing lessons holds the GIL and would delay it
            self.call_after_refresh(self.load_course)

    def on_ready(self) -> None:
        if not gc.isenabled():
            # `dltutor` switched the cyclic collector off for start-up (tutor.cli.tui_cmd).
            # The first screen is up: what start-up built (Textual, the course) lives as
            # long as the app, so it is frozen out of the collector's way. A full collection
            # first would free ~3,000 objects of start-up garbage but pause the fresh
            # screen for ~50 ms; they stay, once.
            gc.freeze()
            gc.enable()

    @work(thread=True, exclusive=True, group="catalog")
    def load_course(self) -> None:
        from tutor.course.catalog import load_catalog

        catalog = load_catalog(extra_dirs=self.extra_dirs, args=self.args)
        self.call_from_thread(self._course_loaded, catalog)

    def _course_loaded(self, catalog) -> None:
        self.catalog = catalog
        for screen in self.screen_stack:
            if isinstance(screen, CourseMapScreen):
                screen.show_course()

    # ---- language and theme ------------------------------------------------------------

    def watch_lang(self, lang: str) -> None:
        self.store.set_setting("language", lang)
        for screen in self.screen_stack:
            apply = getattr(screen, "apply_language", None)
            if apply is not None:
                apply()
        self.refresh_bindings()  # the key bar redraws its words

    def get_system_commands(self, screen: Screen):
        # F1 lists the keys in the learner's language; Textual's own keys panel would not
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            self.store.set_setting("theme", theme)

    # ---- navigation --------------------------------------------------------------------

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen.active_bindings))

    def open_lesson(self, lesson_id: str, block: int = 0) -> None:
        from tutor.screens.lesson import LessonScreen

        if self.catalog is None or lesson_id not in self.catalog.lessons:
            return
        # one lesson at a time: its kernel is closed when its screen goes
        while len(self.screen_stack) > 1 and not isinstance(self.screen, CourseMapScreen):
            self.pop_screen()
        self.push_screen(LessonScreen(self.catalog.lessons[lesson_id], block=block))

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.open_lesson(message.lesson_id, message.block)

    def action_review(self) -> None:
        from tutor.screens.review import ReviewScreen

        if self.catalog is not None:
            self.push_screen(ReviewScreen())

    def action_progress(self) -> None:
        from tutor.screens.progress import ProgressScreen

        if self.catalog is not None:
            self.push_screen(ProgressScreen())

    def on_unmount(self) -> None:
        self.store.close()


def run_app(args) -> int:
    from tutor.progress.paths import ProfileNameError
    from tutor.progress.store import NewerSchemaError, ProgressStoreError

    try:
        app = TutorApp(args)
    except (ProfileNameError, NewerSchemaError, ProgressStoreError) as exc:
        print(f"dltutor: {exc}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0
