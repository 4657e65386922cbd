"""`dltutor math 'LATEX'`: show how an equation renders in the terminal, for lesson authors."""

from __future__ import annotations

import sys

HELP = "render a LaTeX equation as the tutor shows it (for lesson authors)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "latex",
        nargs="?",
        default="-",
        help="the equation, with or without its $ signs ('-' or nothing: read standard input)",
    )
    parser.add_argument("--inline", action="store_true", help="one line, as $...$ in prose")
    parser.add_argument("--ascii", action="store_true", help="ASCII only, for limited terminals")


def run(args) -> int:
    from tutor.render.math import render_math

    if args.latex == "-" and sys.stdin.isatty():
        print("dltutor math: give an equation, e.g. dltutor math '\\frac{a}{b}'", file=sys.stderr)
        return 2
    latex = sys.stdin.read() if args.latex == "-" else args.latex
    latex = strip_dollars(latex)
    rendering = render_math(latex, display=not args.inline, ascii=args.ascii)
    try:
        print(rendering.text)
    except UnicodeEncodeError:
        # the terminal cannot show Unicode math: fall back rather than fail
        rendering = render_math(latex, display=not args.inline, ascii=True)
        print(rendering.text)
        print("note: this terminal cannot show Unicode; rendered with --ascii", file=sys.stderr)
    for warning in rendering.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def strip_dollars(latex: str) -> str:
    """`$x$` and `$$x$$` pasted from a lesson are the equation x."""
    text = latex.strip()
    for fence in ("$$", "$"):
        if len(text) > 2 * len(fence) - 1 and text.startswith(fence) and text.endswith(fence):
            return text[len(fence) : -len(fence)].strip()
    return text
