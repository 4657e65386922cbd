"""`dltutor show LESSON [--lang zh|en] [--run]`: a lesson in the plain terminal, with Rich.

For dumb terminals and screen readers: prose, equations, code, quiz questions and
exercises in reading order; with `--run`, each cell's output right under it.
"""

from __future__ import annotations

import sys

HELP = "print a lesson to the terminal (--run to run its cells and show their output)"


def add_arguments(p) -> None:
    p.add_argument("lesson", metavar="LESSON", help="lesson id or path")
    p.add_argument("--run", action="store_true", help="run the cells and show their output")
    p.add_argument("--answers", action="store_true", help="also print quiz answers and solutions")
    p.add_argument("--ascii", action="store_true", help="ASCII-only math")


def run(args) -> int:
    from rich.console import Console

    from tutor.course.catalog import load_catalog
    from tutor.render.lesson_text import render_lesson

    catalog = load_catalog(args=args)
    lesson = catalog.find(args.lesson)
    if lesson is None:
        print(f"no lesson named '{args.lesson}' (see `dltutor list`)", file=sys.stderr)
        for err in catalog.errors:
            if args.lesson in str(err.path):
                print(err, file=sys.stderr)
        return 1
    console = Console(highlight=False)
    lang = getattr(args, "lang", None) or "en"
    kernel = None
    if args.run:
        from tutor.sandbox import Kernel, Limits

        kernel = Kernel(limits=Limits(), preload=("numpy", *lesson.requires))
    try:
        failed = render_lesson(
            console, lesson, lang, kernel=kernel, answers=args.answers, ascii=args.ascii
        )
    finally:
        if kernel is not None:
            kernel.close()
    return 1 if failed else 0
