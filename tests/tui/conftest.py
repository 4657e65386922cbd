"""Shared pieces of the TUI tests: a small fixed course, a fresh data dir, waiting helpers."""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pytest

from tutor.course.catalog import Catalog, load_catalog

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "course" / "fixtures" / "good"
EVERY_BLOCK = "fixture-every-block"
LINE_FITTING = "line-fitting"

_catalog_cache: dict = {}


def small_course(keep: tuple[str, ...] = (LINE_FITTING, EVERY_BLOCK)) -> Catalog:
    """Only the lessons in `keep` (default: the example lesson and the every-block fixture),
    so tests do not change when lessons are added to the bundled course."""
    if keep not in _catalog_cache:
        if "full" not in _catalog_cache:
            _catalog_cache["full"] = load_catalog(extra_dirs=[FIXTURE_DIR])
        full = _catalog_cache["full"]
        lessons = {lid: full.lessons[lid] for lid in keep}
        parts = [p for p in full.parts if any(le.part == p.id for le in lessons.values())]
        _catalog_cache[keep] = Catalog(lessons=lessons, parts=parts, topics=full.topics)
    return _catalog_cache[keep]


def make_args(data_dir: Path, lang: str = "en") -> argparse.Namespace:
    return argparse.Namespace(
        lessons=[str(FIXTURE_DIR)], data_dir=str(data_dir), profile=None, lang=lang
    )


class _TorchImportForbidden:
    """A meta-path finder that records (and refuses) any import of torch."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            self.attempts.append(name)
            raise ImportError(f"the UI process must not import {name}")
        return None


@pytest.fixture
def forbid_torch():
    """Fail loudly if the UI process imports torch, even when another test in this worker
    already did: torch is taken out of sys.modules for the test and put back afterwards."""
    import sys

    saved = {n: m for n, m in sys.modules.items() if n == "torch" or n.startswith("torch.")}
    for name in saved:
        del sys.modules[name]
    guard = _TorchImportForbidden()
    sys.meta_path.insert(0, guard)
    try:
        yield guard
    finally:
        sys.meta_path.remove(guard)
        sys.modules.update(saved)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path):
    """make_app(lang="en", catalog=small course) -> a TutorApp on a fresh data dir."""
    from tutor.app import TutorApp

    def make(lang: str | None = "en", catalog: Catalog | None = None, **kwargs) -> TutorApp:
        args = make_args(data_dir, lang)
        return TutorApp(args, catalog=catalog or small_course(), **kwargs)

    return make


async def wait_until(pilot, predicate, timeout: float = 8.0, what: str = "condition") -> None:
    """Let the app run until `predicate()` is true (kernels and workers are real)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
    await pilot.pause()


async def open_lesson(pilot, lesson_id: str, block: int = 0):
    from tutor.screens.lesson import LessonScreen

    pilot.app.open_lesson(lesson_id, block)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen), what="lesson")
    return pilot.app.screen


async def wait_for_kernel(pilot, screen) -> None:
    await wait_until(
        pilot, lambda: screen.kernel_state != "starting", timeout=20, what="kernel start"
    )
    assert screen.kernel_state == "ready", screen.kernel.error


def screen_text(app) -> str:
    """Everything visible on the screen now (modal screens over their background), as text."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
        legacy_windows=False, safe_box=False,
    )  # fmt: skip
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


def static_text(widget, width: int = 200) -> str:
    """The plain text a Static shows (whatever renderable it holds)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()
