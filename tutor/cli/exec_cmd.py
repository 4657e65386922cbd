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
    from tutor.render.terminal import TerminalDisplay

    display = JsonLines() if args.json else TerminalDisplay()

    kernel = Kernel(limits=limits, preload=preload, warm_spare=False)
    previous = signal.signal(signal.SIGINT, lambda *_: kernel.interrupt())
    try:
        result = kernel.execute(
            code,
            on_event=display.show,
            name=str(path),
            echo=False,
            lang=getattr(args, "lang", None) or "en",
        )
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
