"""`dltutor quiz LESSON`: a lesson's quiz on plain stdin/stdout, recorded like in the app.

Scriptable: `printf 'B\\n2x3\\n' | dltutor quiz numpy-arrays` answers the first two
questions. Exit code 0 when the quiz ran (whatever the score), 1 on an error.
"""

from __future__ import annotations

import sys

HELP = "answer a lesson's quiz in the plain terminal (reads answers from stdin)"


def add_arguments(p) -> None:
    p.add_argument("lesson", metavar="LESSON", help="lesson id (see `dltutor list`) or file")
    p.add_argument(
        "--question",
        action="append",
        metavar="ID",
        help="ask only this question (repeatable)",
    )


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.progress.console_quiz import ask, language, open_store

    catalog = load_catalog(args=args)
    lesson = catalog.find(args.lesson)
    if lesson is None:
        print(f"dltutor: no lesson with id '{args.lesson}' (see `dltutor list`)", file=sys.stderr)
        if catalog.error_count:
            print(
                f"dltutor: {catalog.error_count} lesson errors (see `dltutor check`)",
                file=sys.stderr,
            )
        return 1
    questions = lesson.questions
    if args.question:
        unknown = sorted(set(args.question) - {q.id for q in questions})
        if unknown:
            print(f"dltutor: {lesson.id} has no question {', '.join(unknown)}", file=sys.stderr)
            return 1
        questions = [q for q in questions if q.id in args.question]
    if not questions:
        print(f"dltutor: lesson '{lesson.id}' has no quiz questions", file=sys.stderr)
        return 1
    store = open_store(args)
    if store is None:
        return 1
    with store:
        lang = language(args, store)
        result = ask(store, [(lesson, q) for q in questions], lang)
        print(result.score_line(lang))
    return 0
