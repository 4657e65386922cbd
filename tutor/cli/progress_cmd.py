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


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def percent(fraction: float | None) -> str:
    return "-" if fraction is None else f"{round(100 * fraction)}%"


def render(summary: dict) -> str:
    from tutor.cli.review_cmd import when

    now = time.time()
    lessons, answers, review = summary["lessons"], summary["answers"], summary["review"]
    streak = summary["streak_days"]
    lines = [
        f"Profile {summary['profile']}  ({summary['database']})",
        f"Lessons: {lessons['done']} of {lessons['total']} done, {lessons['started']} started"
        f"   Time: {duration(summary['seconds'])}"
        f"   Streak: {streak} day{'s' * (streak != 1)}",
        f"Answers: {answers['total']}, {percent(answers['accuracy'])} correct"
        f"   Review: {review['due']} due now"
        + (f", next {when(review['next_due'], now)}" if review["next_due"] else ""),
    ]
    if summary["last_position"]:
        lesson_id, block = summary["last_position"]
        lines.append(f"Continue: {lesson_id} (block {block + 1})")
    if summary["parts"]:
        width = max(len(p["title"]) for p in summary["parts"])
        lines += ["", f"{'Part':<{width}}  Lessons   Questions  Accuracy  Time"]
        for part in summary["parts"]:
            done = f"{part['lessons_done']}/{part['lessons_total']}"
            questions = f"{part['questions_correct']}/{part['questions_total']}"
            lines.append(
                f"{part['title']:<{width}}  {done:<8}  {questions:<9}  "
                f"{percent(part['accuracy']):>8}  {duration(part['seconds'])}"
            )
    if summary["orphans"]:
        listed = ", ".join(f"{o['lesson_id']} ({o['answers']} answers)" for o in summary["orphans"])
        lines += [
            "",
            f"History of lessons no longer in the course (kept): {listed}.",
            "If a lesson was renamed: dltutor progress --rename OLD NEW",
        ]
    return "\n".join(lines)


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.progress.console_quiz import language, open_store

    store = open_store(args)
    if store is None:
        return 1
    with store:
        if args.rename:
            old, new = args.rename
            moved = store.rename_lesson(old, new)
            print(f"Moved the history of '{old}' to '{new}' ({moved} answers).", file=sys.stderr)
        catalog = load_catalog(args=args)
        summary = store.summary(catalog, lang=language(args, store))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(render(summary))
    return 0
