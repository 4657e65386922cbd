"""`dltutor serve`: the same app in a web browser, through textual-serve."""

from __future__ import annotations

import shlex
import sys

HELP = "serve the app in a web browser (textual-serve), on 127.0.0.1 by default"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this machine; "
        "use 0.0.0.0 to let others on the network in)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--public-url",
        default=None,
        help="the URL browsers use, if it differs (behind a proxy or an SSH tunnel)",
    )


def app_command(args) -> str:
    """The shell command textual-serve runs for each browser tab: this dltutor, same options."""
    words = [sys.executable, "-m", "tutor"]
    for directory in getattr(args, "lessons", None) or ():
        words += ["--lessons", str(directory)]
    for option, attribute in (
        ("--data-dir", "data_dir"),
        ("--profile", "profile"),
        ("--lang", "lang"),
    ):
        value = getattr(args, attribute, None)
        if value:
            words += [option, str(value)]
    return shlex.join(words)


def run(args) -> int:
    from textual_serve.server import Server

    server = Server(
        app_command(args),
        host=args.host,
        port=args.port,
        title="dltutor",
        public_url=args.public_url,
    )
    print(f"dltutor: serving on http://{args.host}:{args.port} (Ctrl+C stops)", flush=True)
    server.serve()
    return 0
