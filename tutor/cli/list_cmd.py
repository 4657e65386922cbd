"""`dltutor list [--json]`: every lesson with its part, order, titles, topics and contents."""

from __future__ import annotations

import json
import sys

HELP = "list the lessons (--json for scripts)"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="one JSON array with every field")


def lesson_record(lesson) -> dict:
    return {
        "id": lesson.id,
        "part": lesson.part,
        "order": lesson.order,
        "title": {"en": lesson.title.en, "zh": lesson.title.zh},
        "summary": {"en": lesson.summary.en, "zh": lesson.summary.zh},
        "covers": list(lesson.covers),
        "prerequisites": list(lesson.prerequisites),
        "languages": ["en", "zh"],
        "cells": len(lesson.cells),
        "questions": len(lesson.questions),
        "exercises": len(lesson.exercises),
        "minutes": lesson.minutes,
        "path": str(lesson.path),
    }


def run(args) -> int:
    from tutor.course.catalog import load_catalog

    catalog = load_catalog(args=args)
    for err in catalog.errors:
        if err.severity == "error":
            print(err, file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                [lesson_record(le) for le in catalog.lessons.values()], ensure_ascii=False, indent=1
            )
        )
        return 0
    lang = getattr(args, "lang", None) or "en"
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("id", "title", "cells", "quiz", "ex.", "min"):
        table.add_column(col, justify="right" if col in ("cells", "quiz", "ex.", "min") else "left")
    for part, lessons in catalog.by_part():
        table.add_row(f"[bold]{part.title.get(lang)}[/]", "", "", "", "", "")
        for le in lessons:
            table.add_row(
                f"  {le.id}",
                le.title.get(lang),
                str(len(le.cells)),
                str(len(le.questions)),
                str(len(le.exercises)),
                str(le.minutes),
            )
    Console().print(table)
    print(f"{len(catalog.lessons)} lessons")
    return 0
