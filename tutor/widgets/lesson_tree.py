"""The course as a tree: parts, then lessons with a status mark."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from tutor.i18n import tr

# a symbol per status, so status reads without colour (16-colour terminals, colour blindness)
STATUS_MARKS = {"new": "○", "started": "◐", "done": "●", "passed": "★"}
STATUS_STYLES = {"new": "", "started": "yellow", "done": "green", "passed": "bold green"}
STATUS_NAMES = {
    "new": "not started",
    "started": "in progress",
    "done": "done",
    "passed": "exercises passed",
}


def lesson_state(store, lesson) -> str:
    """ "new", "started", "done" or "passed" (done, and every exercise has passed once)."""
    status = store.lesson_status(lesson.id)
    if status is None:
        return "new"
    if status.status == "done" and all(
        any(a["passed"] for a in store.exercise_attempts(lesson.id, ex.id))
        for ex in lesson.exercises
    ):
        return "passed" if lesson.exercises else "done"
    return "done" if status.status == "done" else "started"


def status_label(state: str, lang: str) -> Text:
    return Text.assemble(
        (STATUS_MARKS[state] + " ", STATUS_STYLES[state]), tr(STATUS_NAMES[state], lang)
    )


class LessonTree(Tree[str]):
    """Parts and lessons; a lesson node's data is its id, a part's is None."""

    DEFAULT_CSS = """
    LessonTree {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("course", **kwargs)
        self.show_root = False

    def show(self, catalog, states: dict[str, str], lang: str, select: str | None = None) -> None:
        """(Re)build the tree; the cursor goes to lesson `select` or stays where it was."""
        current = select or (self.cursor_node.data if self.cursor_node else None)
        self.clear()
        first = chosen = None
        for part, lessons in catalog.by_part():
            branch = self.root.add(Text(part.title.get(lang), style="bold"), expand=True)
            for lesson in lessons:
                state = states.get(lesson.id, "new")
                label = Text.assemble(
                    (STATUS_MARKS[state] + " ", STATUS_STYLES[state]), lesson.title.get(lang)
                )
                node = branch.add_leaf(label, data=lesson.id)
                first = first or node
                if lesson.id == current:
                    chosen = node
        target = chosen or first
        if target is not None:
            # line numbers exist once the tree has been laid out again
            self.call_after_refresh(self.move_cursor, target)
