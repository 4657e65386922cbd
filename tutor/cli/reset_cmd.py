"""`dltutor reset [LESSON]`: delete progress after confirmation (settings are kept).

A JSON backup is written to <data dir>/backups/ first, so a reset can be undone with
`dltutor import BACKUP`.
"""

from __future__ import annotations

import sys
import time

HELP = "delete your progress (all, or one lesson's) after confirmation"


def add_arguments(p) -> None:
    p.add_argument("lesson", metavar="LESSON", nargs="?", help="reset only this lesson")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def run(args) -> int:
    from tutor.progress.console_quiz import open_store
    from tutor.progress.paths import backups_dir
    from tutor.progress.transfer import export_progress

    store = open_store(args)
    if store is None:
        return 1
    with store:
        counts = store.counts(args.lesson)
        scope = f"lesson '{args.lesson}'" if args.lesson else f"profile '{store.profile}'"
        if not any(counts.values()):
            print(f"Nothing to reset: no progress recorded for {scope}.")
            return 0
        what = (
            f"{counts['answers']} answers, {counts['exercise_attempts']} exercise attempts, "
            f"{counts['lessons']} lessons' status and time"
        )
        if not args.yes:
            print(f"This deletes the progress of {scope}: {what}.")
            print("Type 'yes' to confirm: ", end="", flush=True)
            reply = sys.stdin.readline().strip().lower()
            if reply not in ("y", "yes"):
                print("Nothing was deleted.")
                return 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = backups_dir(store.data_dir) / f"{store.profile}-{stamp}.json"
        export_progress(store, backup)
        store.reset(args.lesson)
    print(f"Deleted the progress of {scope} ({what}).")
    print(f"A backup was saved first: {backup}  (undo with `dltutor import {backup}`)")
    return 0
