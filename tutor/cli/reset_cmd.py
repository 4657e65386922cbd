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
    from tutor.i18n import tr
    from tutor.progress.console_quiz import language, open_store
    from tutor.progress.paths import backups_dir
    from tutor.progress.transfer import export_progress

    store = open_store(args)
    if store is None:
        return 1
    with store:
        lang = language(args, store)
        counts = store.counts(args.lesson)
        if args.lesson:
            scope = tr("lesson '{name}'", lang).format(name=args.lesson)
        else:
            scope = tr("profile '{name}'", lang).format(name=store.profile)
        if not any(counts.values()):
            print(
                tr("Nothing to reset: no progress recorded for {scope}.", lang).format(scope=scope)
            )
            return 0
        what = tr(
            "{answers} answers, {attempts} exercise attempts, {lessons} lessons' status and time",
            lang,
        ).format(
            answers=counts["answers"],
            attempts=counts["exercise_attempts"],
            lessons=counts["lessons"],
        )
        if not args.yes:
            print(tr("This deletes the progress of {scope}: {what}.", lang).format(
                scope=scope, what=what
            ))  # fmt: skip
            print(tr("Type 'yes' to confirm: ", lang), end="", flush=True)
            reply = sys.stdin.readline().strip().lower()
            if reply not in ("y", "yes"):
                print(tr("Nothing was deleted.", lang))
                return 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = backups_dir(store.data_dir) / f"{store.profile}-{stamp}.json"
        export_progress(store, backup)
        store.reset(args.lesson)
    print(tr("Deleted the progress of {scope} ({what}).", lang).format(scope=scope, what=what))
    print(tr("A backup was saved first: {backup}  (undo with `dltutor import {backup}`)", lang)
          .format(backup=backup))  # fmt: skip
    return 0
