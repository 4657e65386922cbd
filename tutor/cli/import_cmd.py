"""`dltutor import FILE`: merge an export into the profile; nothing newer is dropped."""

from __future__ import annotations

import sys

HELP = "merge progress from a JSON export (never drops newer data)"


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help='an export of `dltutor export` ("-" for stdin)')


def run(args) -> int:
    from tutor.progress.console_quiz import open_store
    from tutor.progress.transfer import TransferError, import_progress

    store = open_store(args)
    if store is None:
        return 1
    with store:
        try:
            counts = import_progress(store, args.file)
        except TransferError as exc:
            print(f"dltutor: {exc}", file=sys.stderr)
            return 1
    changed = [f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items() if n]
    if changed:
        print(f"Imported into profile '{store.profile}': {', '.join(changed)}.")
    else:
        print(f"Nothing new: profile '{store.profile}' already had everything in {args.file}.")
    return 0
