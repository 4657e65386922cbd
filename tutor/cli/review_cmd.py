"""`dltutor review`: the quiz questions due for spaced review, asked on stdin/stdout.

Questions answered wrongly come back within minutes, right ones after days (FSRS).
"""

from __future__ import annotations

import sys
import time

HELP = "review the quiz questions that are due (spaced repetition)"


def add_arguments(p) -> None:
    p.add_argument("--limit", type=int, metavar="N", help="ask at most N questions")
    p.add_argument("--lesson", metavar="ID", help="only questions of this lesson")


def when(epoch: float, now: float) -> str:
    """A short, human distance in time: "in 8 min", "in 3 h", "in 2 days"."""
    seconds = max(0.0, epoch - now)
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} days"


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.progress.console_quiz import ask, language, open_store
    from tutor.progress.review import ReviewQueue

    catalog = load_catalog(args=args)
    store = open_store(args)
    if store is None:
        return 1
    with store:
        lang = language(args, store)
        queue = ReviewQueue(store)
        now = time.time()
        due = queue.due(now=now, catalog=catalog)
        if args.lesson:
            due = [item for item in due if item[0] == args.lesson]
        if args.limit is not None:
            due = due[: max(0, args.limit)]
        if not due:
            upcoming = queue.next_due(now=now, catalog=catalog)
            message = "Nothing to review now."
            if upcoming is not None:
                message += f" Next review {when(upcoming, now)}."
            elif not store.counts()["answers"]:
                message += " Answer some quiz questions first (`dltutor quiz LESSON`)."
            print(message)
            return 0
        lessons = catalog.lessons
        items = [
            (lessons[lid], next(q for q in lessons[lid].questions if q.id == qid))
            for lid, qid in due
        ]
        print(f"{len(items)} question{'s' * (len(items) != 1)} to review.\n")
        result = ask(store, items, lang)
        print(result.score_line(lang))
        upcoming = queue.next_due(now=time.time(), catalog=catalog)
        if upcoming is not None:
            print(f"Next review {when(upcoming, time.time())}.", file=sys.stdout)
    return 0
