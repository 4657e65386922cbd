"""`dltutor exec FILE.py`: run a file in the sandboxed kernel and draw its displays here."""

from __future__ import annotations

import json
import re
import signal
import sys
from pathlib import Path

HELP = "run a Python file in the sandboxed kernel, rendering its displays in the terminal"

EXIT_OK, EXIT_ERROR, EXIT_LIMIT, EXIT_CRASH, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_EXIT_CODES = {
    "ok": EXIT_OK,
    "error": EXIT_ERROR,
    "timeout": EXIT_LIMIT,
    "memory": EXIT_LIMIT,
    "output": EXIT_LIMIT,
    "procs": EXIT_LIMIT,
    "crashed": EXIT_CRASH,
    "interrupted": EXIT_INTERRUPTED,
}
_USES_TORCH = re.compile(r"^\s*(import torch|from torch[\s.])", re.M)


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE.py", help="the Python file to run")
    parser.add_argument("--timeout", type=float, metavar="S", help="wall-time limit in seconds")
    parser.add_argument("--memory", type=int, metavar="MB", help="memory limit in MB")
    parser.add_argument(
        "--json", action="store_true", help="print the event stream as JSON lines instead"
    )


def exit_code(status: str) -> int:
    """0 ok, 1 error in the code, 2 a limit was exceeded, 3 the kernel crashed."""
    return _EXIT_CODES.get(status, EXIT_CRASH)


def run(args) -> int:
    path = Path(args.file)
    try:
        code = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"dltutor exec: cannot read {path}: {exc}", file=sys.stderr)
        return EXIT_ERROR

    from tutor.sandbox import Kernel, Limits

    defaults = Limits()
    limits = Limits(
        timeout=args.timeout if args.timeout is not None else defaults.timeout,
        memory_mb=args.memory if args.memory is not None else defaults.memory_mb,
    )
    preload = ("numpy", "torch") if _USES_TORCH.search(code) else ("numpy",)
    env = {"DLTUTOR_LANG": args.lang} if getattr(args, "lang", None) else None
    display = JsonLines() if args.json else TerminalDisplay()

    kernel = Kernel(limits=limits, preload=preload, env_extra=env, warm_spare=False)
    previous = signal.signal(signal.SIGINT, lambda *_: kernel.interrupt())
    try:
        result = kernel.execute(code, on_event=display.show, name=str(path), echo=False)
    finally:
        signal.signal(signal.SIGINT, previous)
        kernel.close()
    display.finish(result)
    return exit_code(result.status)


class JsonLines:
    def show(self, event: dict) -> None:
        print(json.dumps(event, ensure_ascii=False), flush=True)

    def finish(self, result) -> None:
        print(
            json.dumps(
                {
                    "kind": "result",
                    "status": result.status,
                    "message": result.message,
                    "duration": round(result.duration, 6),
                    "kernel_reset": result.kernel_reset,
                }
            ),
            flush=True,
        )


class TerminalDisplay:
    """Streams as plain text, displays through tutor.render.display (or a one-line summary).

    Curve points are collected and each curve is drawn once, at the end.
    """

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False)
        self.err_console = Console(stderr=True, highlight=False)
        try:
            from tutor.render import display
        except ImportError:
            display = None
        self.display = display
        self.curves = display.CurveBook() if display is not None else None
        self.curve_ids: list[str] = []

    def show(self, event: dict) -> None:
        kind = event.get("kind")
        if kind == "stream":
            stream = sys.stderr if event.get("name") == "stderr" else sys.stdout
            stream.write(event.get("text", ""))
            stream.flush()
            return
        sys.stdout.flush()
        if kind == "curve" and self.curves is not None:
            curve_id = self.curves.add(event)
            if curve_id not in self.curve_ids:
                self.curve_ids.append(curve_id)
            return
        if self.display is not None:
            console = self.err_console if kind == "error" else self.console
            console.print(self.display.render_event(event))
        else:
            from tutor.show import summary

            print(summary(event), file=sys.stderr if kind == "error" else sys.stdout)

    def finish(self, result) -> None:
        if self.curves is not None:
            for curve_id in self.curve_ids:
                self.console.print(self.curves.render(curve_id, self.console.width, 15))
        if result.status not in ("ok", "error"):
            self.err_console.print(f"[bold red]{result.message}[/]")
