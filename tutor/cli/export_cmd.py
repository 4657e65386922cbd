"""`dltutor export FILE`: the profile's progress as versioned JSON ("-" for stdout)."""

from __future__ import annotations

import sys

HELP = "save your progress to a JSON file (to move it or back it up)"


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help='where to write ("-" for stdout)')


def run(args) -> int:
    from tutor.progress.console_quiz import open_store
    from tutor.progress.transfer import export_progress

    store = open_store(args)
    if store is None:
        return 1
    with store:
        try:
            document = export_progress(store, args.file)
        except OSError as exc:
            print(f"dltutor: cannot write {args.file}: {exc}", file=sys.stderr)
            return 1
    if args.file != "-":
        print(
            f"Exported {len(document['answers'])} answers, "
            f"{len(document['exercise_attempts'])} exercise attempts and "
            f"{len(document['lessons'])} lessons of profile '{store.profile}' to {args.file}.",
            file=sys.stderr,
        )
    return 0
