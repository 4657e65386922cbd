"""Display events drawn in a plain terminal with Rich, for `dltutor exec` and `dltutor show --run`."""

from __future__ import annotations

import sys


class TerminalDisplay:
    """Streams as plain text, other displays through tutor.render.display.

    Curve points are collected and each curve is drawn once, at the end.
    """

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False)
        self.err_console = Console(stderr=True, highlight=False)
        from tutor.render.display import CurveBook, render_event

        self.render_event = render_event
        self.curves = CurveBook()
        self.curve_ids: list[str] = []

    def show(self, event: dict) -> None:
        kind = event.get("kind")
        if kind == "stream":
            stream = sys.stderr if event.get("name") == "stderr" else sys.stdout
            stream.write(event.get("text", ""))
            stream.flush()
            return
        sys.stdout.flush()
        if kind == "curve":
            curve_id = self.curves.add(event)
            if curve_id not in self.curve_ids:
                self.curve_ids.append(curve_id)
            return
        console = self.err_console if kind == "error" else self.console
        console.print(self.render_event(event))

    def finish(self, result) -> None:
        for curve_id in self.curve_ids:
            self.console.print(self.curves.render(curve_id, self.console.width, 15))
        if result.status not in ("ok", "error"):
            self.err_console.print(f"[bold red]{result.message}[/]")
