"""What every dltutor screen shares: words that follow the app's language.

Key descriptions are written in English in BINDINGS and translated where they are shown
(the key bar, F1 help), so a widget mounted after a language switch needs nothing.
"""

from __future__ import annotations

from textual.screen import Screen

from tutor.i18n import tr


class TutorScreen(Screen):
    """A screen whose text follows `app.lang`: subclasses implement `apply_language()`."""

    def apply_language(self) -> None:
        """Redraw this screen's words in the app's language (the app calls this)."""

    def tr(self, text: str) -> str:
        return tr(text, self.app.lang)
