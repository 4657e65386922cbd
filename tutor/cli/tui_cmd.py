"""Bare `dltutor`: start the Textual app."""

from __future__ import annotations


def run(args) -> int:
    from tutor.app import run_app

    return run_app(args)
