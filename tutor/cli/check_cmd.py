"""`dltutor check [LESSON-ID|PATH ...]`: validate lessons and run their code (for authors and CI)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

HELP = "validate lessons and run their cells and exercises; last line 'N passed, M failed'"


def add_arguments(p) -> None:
    p.add_argument("targets", nargs="*", metavar="LESSON-ID|PATH", help="default: every lesson")
    p.add_argument("--no-run", action="store_true", help="validate only; run no code")
    p.add_argument("--jobs", "-j", type=int, default=1, help="lessons checked at once (default 1)")
    p.add_argument("--quiet", "-q", action="store_true", help="hide warnings")


def run(args) -> int:
    from tutor.course.catalog import load_catalog
    from tutor.course.checker import LessonReport, check_catalog_lessons

    extra: list[Path] = []
    for target in args.targets:
        path = Path(target).expanduser()
        if path.is_dir():
            extra.append(path)
        elif path.is_file():
            extra.append(path.parent)
    catalog = load_catalog(extra_dirs=extra, args=args)

    errors_by_file: dict[Path, list] = {}
    for err in catalog.errors:
        errors_by_file.setdefault(err.path, []).append(err)

    selected, missing, broken = _select(catalog, args.targets, errors_by_file)
    for name in missing:
        print(f"no lesson or file named '{name}'", file=sys.stderr)

    lock = threading.Lock()
    results: list[LessonReport] = []

    def report(r: LessonReport) -> None:
        with lock:
            results.append(r)
            _print_report(r, quiet=args.quiet)

    for path, errs in broken.items():
        r = LessonReport(path.name, path)
        r.problems = [str(e) for e in errs if e.severity == "error"]
        r.warnings = [str(e) for e in errs if e.severity == "warning"]
        report(r)
    check_catalog_lessons(
        selected, errors_by_file, run=not args.no_run, jobs=args.jobs, on_report=report
    )
    passed = sum(r.ok for r in results)
    failed = len(results) - passed + len(missing)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _select(catalog, targets, errors_by_file):
    """The lessons to check, names that matched nothing, and files that did not load."""
    loaded_paths = {le.path.resolve() for le in catalog.lessons.values()}
    broken_all = {
        p: errs
        for p, errs in errors_by_file.items()
        if p.resolve() not in loaded_paths and any(e.severity == "error" for e in errs)
    }
    if not targets:
        return list(catalog.lessons.values()), [], broken_all
    selected, missing, broken = [], [], {}
    for target in targets:
        lesson = catalog.find(target)
        path = Path(target).expanduser().resolve()
        if lesson is not None:
            selected.append(lesson)
        elif path.is_dir():
            selected += [le for le in catalog.lessons.values() if path in le.path.resolve().parents]
            broken.update({p: e for p, e in broken_all.items() if path in p.resolve().parents})
        elif any(p.resolve() == path for p in broken_all):
            broken.update({p: e for p, e in broken_all.items() if p.resolve() == path})
        else:
            missing.append(target)
    return selected, missing, broken


def _print_report(r, quiet: bool) -> None:
    status = "PASS" if r.ok else "FAIL"
    detail = f"{r.seconds:5.1f} s"
    if r.cells or r.exercises:
        detail += f", {r.cells} cells, {r.exercises} exercises"
    print(f"{status} {r.name} ({detail})", flush=True)
    for problem in r.problems:
        print(f"  {problem}")
    if not quiet:
        for warning in r.warnings:
            print(f"  {warning}")
