"""dltutor's two themes: dark for the usual terminal, light for bright rooms and printouts.

Colours are chosen to stay apart when a 16-colour terminal rounds them (primary blue,
success green, warning yellow, error red), and every status also has a symbol, so nothing
depends on colour alone.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="dltutor-dark",
    primary="#4f9fe6",
    secondary="#88c0d0",
    accent="#d08770",
    warning="#ebcb8b",
    error="#e06c75",
    success="#98c379",
    foreground="#e5e9f0",
    background="#1b1f27",
    surface="#232833",
    panel="#2c3240",
    dark=True,
)

LIGHT = Theme(
    name="dltutor-light",
    primary="#1f5fa8",
    secondary="#2e7d8c",
    accent="#b3541e",
    warning="#8a6d00",
    error="#b3261e",
    success="#2e7d32",
    foreground="#1d232b",
    background="#fbfbf8",
    surface="#f0f0ea",
    panel="#e4e6e0",
    dark=False,
)

THEMES = (DARK, LIGHT)
DEFAULT_THEME = DARK.name


def other_theme(name: str) -> str:
    """The theme to switch to from `name` (dark <-> light; any other theme goes to dark)."""
    return LIGHT.name if name == DARK.name else DARK.name
