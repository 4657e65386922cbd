"""What every dltutor screen shares: bindings and titles that follow the app's language."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode
from textual.screen import Screen

from tutor.i18n import retranslate, tr


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite the descriptions of `node`'s bindings (footer and help) in `lang`."""
    key_to_bindings = node._bindings.key_to_bindings
    for key, bindings in key_to_bindings.items():
        key_to_bindings[key] = [
            dataclasses.replace(b, description=retranslate(b.description, lang))
            if b.description
            else b
            for b in bindings
        ]


class TutorScreen(Screen):
    """A screen whose text follows `app.lang`: subclasses implement `apply_language()`."""

    _localized_lang: str | None = None

    def on_mount(self) -> None:
        self._localize()

    def on_screen_resume(self) -> None:
        self._localize()

    def _localize(self) -> None:
        lang = self.app.lang
        for node in self.walk_children(with_self=True):  # widgets mounted since are included
            localize_bindings(node, lang)
        # rebuilding the footer restyles every key: only when its words change (on first
        # display Textual draws the footer from these bindings anyway)
        changed = self._localized_lang not in (None, lang)
        self._localized_lang = lang
        if changed:
            self.refresh_bindings()

    def apply_language(self) -> None:
        """Redraw this screen's words in the app's language (the app calls this)."""
        self._localize()

    def tr(self, text: str) -> str:
        return tr(text, self.app.lang)
