"""`dltutor review`: the quiz questions due for spaced review, asked on stdin/stdout.

Questions answered wrongly come back within minutes, right ones after days (FSRS).
"""

from __future__ import annotations

import time

HELP = "review the quiz questions that are due (spaced repetition)"


def add_arguments(p) -> None:
    p.add_argument("--limit", type=int, metavar="N", help="ask at most N questions")
    p.add_argument("--lesson", metavar="ID", help="only questions of this lesson")


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.i18n import tr
    from tutor.progress.console_quiz import ask, language, open_store
    from tutor.progress.review import ReviewQueue
    from tutor.progress.wording import relative_time

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
            message = [tr("Nothing to review now.", lang)]
            if upcoming is not None:
                when = relative_time(upcoming, now, lang)
                message.append(tr("Next review {when}.", lang).format(when=when))
            elif not store.counts()["answers"]:
                message.append(tr("Answer some quiz questions first (dltutor quiz LESSON).", lang))
            print(("" if lang == "zh" else " ").join(message))
            return 0
        lessons = catalog.lessons
        items = [
            (lessons[lid], next(q for q in lessons[lid].questions if q.id == qid))
            for lid, qid in due
        ]
        count = "{n} questions to review." if len(items) != 1 else "{n} question to review."
        print(tr(count, lang).format(n=len(items)) + "\n")
        result = ask(store, items, lang)
        print(result.score_line(lang))
        upcoming = queue.next_due(now=time.time(), catalog=catalog)
        if upcoming is not None:
            when = relative_time(upcoming, time.time(), lang)
            print(tr("Next review {when}.", lang).format(when=when))
    return 0
