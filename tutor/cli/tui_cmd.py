"""Bare `dltutor`: start the Textual app."""

from __future__ import annotations

import gc


def run(args) -> int:
    # Start-up builds many long-lived objects (Textual, the course); the cyclic collector
    # would walk them again and again. It is off until the first screen is up, then the
    # objects made so far are frozen out of its way (TutorApp.on_ready).
    gc.disable()
    try:
        from tutor.app import run_app

        return run_app(args)
    finally:
        gc.enable()
