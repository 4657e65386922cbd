"""`dltutor progress [--json]`: what is done, how well, for how long; and lesson renames."""

from __future__ import annotations

import json
import sys
import time

HELP = "show your progress (--json for scripts)"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="the summary as one JSON object")
    p.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="move the history of lesson OLD to NEW (after a lesson's id changed)",
    )


def render(summary: dict, lang: str) -> str:
    from rich.cells import cell_len, set_cell_size

    from tutor.i18n import tr
    from tutor.progress.wording import accuracy, duration, relative_time

    now = time.time()
    lessons, answers, review = summary["lessons"], summary["answers"], summary["review"]
    streak = summary["streak_days"]
    review_line = tr("Review: {n} due now", lang).format(n=review["due"])
    if review["next_due"]:
        when = relative_time(review["next_due"], now, lang)
        review_line += tr(", next {when}", lang).format(when=when)
    lines = [
        tr("Profile {profile}  ({database})", lang).format(
            profile=summary["profile"], database=summary["database"]
        ),
        "   ".join([
            tr("Lessons: {done} of {total} done, {started} started", lang).format(**lessons),
            tr("Time: {time}", lang).format(time=duration(summary["seconds"], lang)),
            tr("Streak: {n} days" if streak != 1 else "Streak: {n} day", lang).format(n=streak),
        ]),
        "   ".join([
            tr("Answers: {total}, {accuracy} correct", lang).format(
                total=answers["total"], accuracy=accuracy(answers["accuracy"])
            ),
            review_line,
        ]),
    ]  # fmt: skip
    if summary["last_position"]:
        lesson_id, block = summary["last_position"]
        lines.append(
            tr("Continue: {lesson} (block {block})", lang).format(lesson=lesson_id, block=block + 1)
        )
    if summary["parts"]:
        heads = [tr(h, lang) for h in ("Part", "Lessons", "Questions", "Accuracy", "Time")]
        rows = [
            [
                part["title"],
                f"{part['lessons_done']}/{part['lessons_total']}",
                f"{part['questions_correct']}/{part['questions_total']}",
                accuracy(part["accuracy"]),
                duration(part["seconds"], lang),
            ]
            for part in summary["parts"]
        ]
        widths = [max(cell_len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
        lines.append("")
        for row in [heads, *rows]:
            # widths in terminal cells: a Chinese character takes two
            lines.append("  ".join(set_cell_size(c, w) for c, w in zip(row, widths)).rstrip())
    if summary["orphans"]:
        listed = ", ".join(
            tr("{lesson} ({n} answers)", lang).format(lesson=o["lesson_id"], n=o["answers"])
            for o in summary["orphans"]
        )
        lines += [
            "",
            tr("History of lessons no longer in the course (kept): {listed}.", lang).format(
                listed=listed
            ),
            tr("If a lesson was renamed: dltutor progress --rename OLD NEW", lang),
        ]
    return "\n".join(lines)


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.i18n import tr
    from tutor.progress.console_quiz import language, open_store

    store = open_store(args)
    if store is None:
        return 1
    with store:
        lang = language(args, store)
        if args.rename:
            old, new = args.rename
            moved = store.rename_lesson(old, new)
            message = tr("Moved the history of {old} to {new} ({n} answers).", lang)
            print(message.format(old=old, new=new, n=moved), file=sys.stderr)
        catalog = load_catalog(args=args)
        summary = store.summary(catalog, lang=lang)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(render(summary, lang))
    return 0
