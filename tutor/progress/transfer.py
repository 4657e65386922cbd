"""Export and import of a profile's progress as versioned JSON, and the merge they share.

The document:

    {"format": "dltutor-progress", "version": 1, "schema": 2, "exported_at": 1763793000.0,
     "profile": "default",
     "lessons":           [{lesson_id, status, seconds, started_at, completed_at,
                            last_block, position_at, updated_at}],
     "answers":           [{uid, lesson_id, question_id, answer, correct, seconds, answered_at}],
     "exercise_code":     [{lesson_id, exercise_id, code, saved_at}],
     "exercise_attempts": [{uid, lesson_id, exercise_id, code, passed, results, attempted_at}],
     "reveals":           [{lesson_id, exercise_id, what, idx, revealed_at}],
     "settings":          [{key, value, updated_at}],
     "lesson_aliases":    [{old_id, new_id, mapped_at}],
     "activity_days":     ["2026-11-22", ...]}

Times are seconds since the Unix epoch (UTC). Review schedules are not exported: they
are rebuilt from the answers.

Import merges and never drops newer data: answers and exercise attempts are history and
are united by `uid` (importing a file twice adds nothing); a lesson is "done" if either
side says so and keeps the larger time spent and the newer position; exercise code and
settings keep whichever was saved later; reveals and activity days are united. Lesson ids
pass through the renames the database knows (`ProgressStore.rename_lesson`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.progress.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from tutor.progress.store import ProgressStore

FORMAT = "dltutor-progress"
FORMAT_VERSION = 1

_NUM = (int, float)
_OPT_NUM = (int, float, type(None))
_OPT_INT = (int, type(None))

# table -> (column, accepted JSON types); order is the column order in the database
TABLES: dict[str, tuple[tuple[str, tuple[type, ...]], ...]] = {
    "lessons": (
        ("lesson_id", (str,)),
        ("status", (str,)),
        ("seconds", _NUM),
        ("started_at", _OPT_NUM),
        ("completed_at", _OPT_NUM),
        ("last_block", _OPT_INT),
        ("position_at", _OPT_NUM),
        ("updated_at", _NUM),
    ),
    "answers": (
        ("uid", (str,)),
        ("lesson_id", (str,)),
        ("question_id", (str,)),
        ("answer", (str,)),
        ("correct", (bool,)),
        ("seconds", _OPT_NUM),
        ("answered_at", _NUM),
    ),
    "exercise_code": (
        ("lesson_id", (str,)),
        ("exercise_id", (str,)),
        ("code", (str,)),
        ("saved_at", _NUM),
    ),
    "exercise_attempts": (
        ("uid", (str,)),
        ("lesson_id", (str,)),
        ("exercise_id", (str,)),
        ("code", (str,)),
        ("passed", (bool,)),
        ("results", (list,)),
        ("attempted_at", _NUM),
    ),
    "reveals": (
        ("lesson_id", (str,)),
        ("exercise_id", (str,)),
        ("what", (str,)),
        ("idx", (int,)),
        ("revealed_at", _NUM),
    ),
    "settings": (("key", (str,)), ("value", (object,)), ("updated_at", _NUM)),
    "lesson_aliases": (("old_id", (str,)), ("new_id", (str,)), ("mapped_at", _NUM)),
}
_BOOL_COLUMNS = {"correct", "passed"}
_JSON_COLUMNS = {"results", "value"}
_CHOICES = {"status": ("started", "done"), "what": ("hint", "solution")}


class TransferError(ValueError):
    """An import file that is not a dltutor progress export, or is damaged."""


# ---- reading the database ----------------------------------------------------------------


def read_document(
    conn: sqlite3.Connection, lesson_id: str | None = None, salvage: bool = False
) -> tuple[dict, list[str]]:
    """Everything in the database (or of one lesson) as an export document.

    With `salvage`, a table that cannot be read is skipped and named in the returned list
    instead of raising (used to rescue what is left of a damaged database).
    """
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": time.time(),
    }
    lost: list[str] = []
    if salvage:
        try:
            present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError:
            present = set(TABLES) | {"activity_days"}
    for table, columns in TABLES.items():
        if salvage and table not in present:
            continue
        names = [name for name, _types in columns]
        sql = f"SELECT {', '.join(names)} FROM {table}"
        params: tuple = ()
        if lesson_id is not None:
            if "lesson_id" not in names:
                continue
            sql += " WHERE lesson_id = ?"
            params = (lesson_id,)
        try:
            rows = conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError:
            if not salvage:
                raise
            lost.append(table)
            continue
        document[table] = [_decode_row(dict(zip(names, row))) for row in rows]
    if lesson_id is None and (not salvage or "activity_days" in present):
        try:
            days = conn.execute("SELECT day FROM activity_days ORDER BY day").fetchall()
            document["activity_days"] = [d for (d,) in days]
        except sqlite3.DatabaseError:
            if not salvage:
                raise
            lost.append("activity_days")
    return document, lost


def _decode_row(row: dict) -> dict:
    for column in _BOOL_COLUMNS & row.keys():
        row[column] = bool(row[column])
    for column in _JSON_COLUMNS & row.keys():
        row[column] = json.loads(row[column])
    return row


# ---- validating a document ---------------------------------------------------------------


def validate_document(document: Any) -> dict:
    """Check an import document; raises TransferError naming the first problem."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError('not a dltutor progress export (no "format": "dltutor-progress")')
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise TransferError(f"bad export version {version!r}")
    if version > FORMAT_VERSION:
        raise TransferError(
            f"this export has format version {version}, newer than this dltutor reads "
            f"({FORMAT_VERSION}): upgrade dltutor to import it"
        )
    for table, columns in TABLES.items():
        rows = document.get(table, [])
        if not isinstance(rows, list):
            raise TransferError(f"{table}: expected a list")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise TransferError(f"{table}[{i}]: expected an object")
            for name, types in columns:
                if name not in row:
                    raise TransferError(f"{table}[{i}]: missing {name!r}")
                value = row[name]
                bad_bool = isinstance(value, bool) and bool not in types and object not in types
                if not isinstance(value, types) or bad_bool:
                    raise TransferError(f"{table}[{i}].{name}: unexpected value {value!r}")
                if name in _CHOICES and value not in _CHOICES[name]:
                    raise TransferError(f"{table}[{i}].{name}: must be one of {_CHOICES[name]}")
    days = document.get("activity_days", [])
    if not isinstance(days, list) or not all(isinstance(d, str) for d in days):
        raise TransferError("activity_days: expected a list of dates")
    return document


# ---- merging -----------------------------------------------------------------------------


def _aliases(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT old_id, new_id FROM lesson_aliases").fetchall())


def _resolve(aliases: dict[str, str], lesson_id: str) -> str:
    seen = {lesson_id}
    while lesson_id in aliases and aliases[lesson_id] not in seen:
        lesson_id = aliases[lesson_id]
        seen.add(lesson_id)
    return lesson_id


def merge_document(conn: sqlite3.Connection, document: dict) -> dict[str, int]:
    """Merge a validated document into the database, inside the caller's transaction.

    Returns how many rows each kind added or changed.
    """
    from tutor.progress.review import rebuild_cards

    for alias in document.get("lesson_aliases", []):
        conn.execute(
            "INSERT INTO lesson_aliases (old_id, new_id, mapped_at) VALUES (?, ?, ?)"
            " ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id,"
            " mapped_at = excluded.mapped_at WHERE excluded.mapped_at > mapped_at",
            (alias["old_id"], alias["new_id"], alias["mapped_at"]),
        )
    aliases = _aliases(conn)

    def lesson(row: dict) -> str:
        return _resolve(aliases, row["lesson_id"])

    counts = dict.fromkeys(("lessons", "answers", "exercise_attempts", "exercise_code"), 0)
    counts.update(reveals=0, settings=0)
    for row in document.get("lessons", []):
        counts["lessons"] += _merge_lesson(conn, row | {"lesson_id": lesson(row)})

    touched: set[tuple[str, str]] = set()
    for row in document.get("answers", []):
        key = (lesson(row), row["question_id"])
        cursor = conn.execute(
            "INSERT OR IGNORE INTO answers"
            " (uid, lesson_id, question_id, answer, correct, seconds, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row["uid"], *key, row["answer"], int(row["correct"]), row["seconds"],
             row["answered_at"]),
        )  # fmt: skip
        if cursor.rowcount:
            counts["answers"] += 1
            touched.add(key)

    for row in document.get("exercise_attempts", []):
        cursor = conn.execute(
            "INSERT OR IGNORE INTO exercise_attempts"
            " (uid, lesson_id, exercise_id, code, passed, results, attempted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row["uid"], lesson(row), row["exercise_id"], row["code"], int(row["passed"]),
             json.dumps(row["results"]), row["attempted_at"]),
        )  # fmt: skip
        counts["exercise_attempts"] += cursor.rowcount

    for row in document.get("exercise_code", []):
        cursor = conn.execute(
            "INSERT INTO exercise_code (lesson_id, exercise_id, code, saved_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id, exercise_id) DO UPDATE SET"
            " code = excluded.code, saved_at = excluded.saved_at"
            " WHERE excluded.saved_at > saved_at",
            (lesson(row), row["exercise_id"], row["code"], row["saved_at"]),
        )
        counts["exercise_code"] += cursor.rowcount

    for row in document.get("reveals", []):
        cursor = conn.execute(
            "INSERT INTO reveals (lesson_id, exercise_id, what, idx, revealed_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET revealed_at = excluded.revealed_at"
            " WHERE excluded.revealed_at < revealed_at",
            (lesson(row), row["exercise_id"], row["what"], row["idx"], row["revealed_at"]),
        )
        counts["reveals"] += cursor.rowcount

    for row in document.get("settings", []):
        cursor = conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at WHERE excluded.updated_at > updated_at",
            (row["key"], json.dumps(row["value"]), row["updated_at"]),
        )
        counts["settings"] += cursor.rowcount

    conn.executemany(
        "INSERT OR IGNORE INTO activity_days (day) VALUES (?)",
        [(day,) for day in document.get("activity_days", [])],
    )
    rebuild_cards(conn, touched)
    return counts


def _merge_lesson(conn: sqlite3.Connection, row: dict) -> int:
    """Merge one lesson row; returns 1 if the stored row changed."""
    names = [name for name, _types in TABLES["lessons"]]
    current = conn.execute(
        f"SELECT {', '.join(names)} FROM lessons WHERE lesson_id = ?", (row["lesson_id"],)
    ).fetchone()
    if current is None:
        merged = row
    else:
        mine = dict(zip(names, current))
        newer_position = (row["position_at"] or 0) > (mine["position_at"] or 0)
        place = row if newer_position else mine
        merged = {
            "lesson_id": mine["lesson_id"],
            "status": "done" if "done" in (mine["status"], row["status"]) else "started",
            "seconds": max(mine["seconds"], row["seconds"]),
            "started_at": _earliest(mine["started_at"], row["started_at"]),
            "completed_at": _earliest(mine["completed_at"], row["completed_at"]),
            "last_block": place["last_block"],
            "position_at": place["position_at"],
            "updated_at": max(mine["updated_at"], row["updated_at"]),
        }
        if merged == mine:
            return 0
    conn.execute(
        f"INSERT OR REPLACE INTO lessons ({', '.join(names)})"
        f" VALUES ({', '.join('?' * len(names))})",
        [merged[name] for name in names],
    )
    return 1


def _earliest(a: float | None, b: float | None) -> float | None:
    present = [t for t in (a, b) if t is not None]
    return min(present) if present else None


def move_lesson(conn: sqlite3.Connection, old_id: str, new_id: str) -> int:
    """Move every row of lesson `old_id` to `new_id`, merging with what `new_id` has.

    Runs inside the caller's transaction; returns the number of answers moved.
    """
    document, _lost = read_document(conn, lesson_id=old_id)
    for table, columns in TABLES.items():
        if any(name == "lesson_id" for name, _types in columns):
            conn.execute(f"DELETE FROM {table} WHERE lesson_id = ?", (old_id,))
    conn.execute("DELETE FROM review_cards WHERE lesson_id = ?", (old_id,))
    for table in TABLES:
        for row in document.get(table, []):
            if "lesson_id" in row:
                row["lesson_id"] = new_id
    merge_document(conn, document)
    return len(document.get("answers", []))


# ---- files -------------------------------------------------------------------------------


def export_progress(store: ProgressStore, destination: str | os.PathLike) -> dict:
    """Write the profile's progress to `destination` ("-" for stdout); returns the document.

    The file is replaced atomically: a crash mid-export never leaves half a file behind.
    """
    with store.snapshot() as conn:
        document, _lost = read_document(conn)
    document["profile"] = store.profile
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if str(destination) == "-":
        sys.stdout.write(text)
        return document
    target = Path(destination).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return document


def read_export(source: str | os.PathLike) -> dict:
    """Read and validate an export file ("-" for stdin)."""
    try:
        if str(source) == "-":
            text = sys.stdin.read()
        else:
            text = Path(source).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TransferError(f"cannot read {source}: {exc}") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransferError(f"{source} is not valid JSON: {exc}") from exc
    return validate_document(document)


def import_progress(store: ProgressStore, source: str | os.PathLike) -> dict[str, int]:
    """Merge an export file into the profile, all or nothing; returns the merge counts."""
    document = read_export(source)
    with store.transaction() as conn:
        return merge_document(conn, document)
