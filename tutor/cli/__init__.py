"""The `dltutor` command line: bare `dltutor` starts the TUI, subcommands serve scripts.

Each subcommand lives in its own module under `tutor.cli` and exposes:

    HELP: str                      one line for `dltutor --help`
    def add_arguments(parser)      its own options
    def run(args) -> int           the exit code

Command modules import nothing heavy at module level, so `dltutor --help`
and the TUI start fast (and torch is never imported in this process).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tutor import __version__

# subcommand name -> module under tutor.cli (kept in the order shown in --help)
COMMANDS: dict[str, str] = {
    "list": "list_cmd",
    "show": "show_cmd",
    "check": "check_cmd",
    "exec": "exec_cmd",
    "math": "math_cmd",
    "quiz": "quiz_cmd",
    "review": "review_cmd",
    "progress": "progress_cmd",
    "export": "export_cmd",
    "import": "import_cmd",
    "reset": "reset_cmd",
    "doctor": "doctor_cmd",
    "serve": "serve_cmd",
}


def _load(module: str):
    try:
        return importlib.import_module(f"tutor.cli.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"tutor.cli.{module}":
            return None  # not built yet: the subcommand is simply not offered
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dltutor",
        description="A terminal tutor for deep learning. Run without a subcommand to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"dltutor {__version__}")
    add_common_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = _load(module_name)
        if module is None:
            continue
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        add_common_options(p, suppress_defaults=True)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def add_common_options(parser: argparse.ArgumentParser, suppress_defaults: bool = False) -> None:
    """Options accepted both before and after the subcommand name."""
    default = argparse.SUPPRESS if suppress_defaults else None
    parser.add_argument(
        "--lessons",
        action="append",
        metavar="DIR",
        default=default,
        help="an extra lesson directory (repeatable; also DLTUTOR_LESSONS, ':'-separated)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where progress is stored (default: the platform data dir, or DLTUTOR_HOME)",
    )
    parser.add_argument("--profile", metavar="NAME", default=default, help="progress profile")
    parser.add_argument(
        "--lang", choices=["en", "zh"], default=default, help="language for lesson text"
    )


class _NotTheApp(Exception):
    pass


class _QuickParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _NotTheApp(message)


def app_args(argv: list[str]) -> argparse.Namespace | None:
    """The options when `argv` just starts the app (no subcommand, no --help or --version),
    else None. Building the full parser imports every command module: the app skips it."""
    quick = _QuickParser(prog="dltutor", add_help=False)
    add_common_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except _NotTheApp:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = app_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    run = getattr(args, "_run", None)
    if run is None:
        from tutor.cli.tui_cmd import run as run_tui

        run = run_tui
    try:
        return int(run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # e.g. `dltutor list | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
