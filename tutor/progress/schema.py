"""The progress database schema and its migrations.

The schema version is SQLite's `PRAGMA user_version`; `PRAGMA application_id` marks the file
as dltutor's, so a foreign SQLite file at the database path is recognised and never written to.
Migrations are append-only: a released migration is never edited, a change is a new one.
Each runs inside the same write transaction that bumps `user_version`, so a process killed
mid-migration leaves the database at the previous version, and two processes opening a new
database at once migrate it exactly once.

Timestamps are seconds since the Unix epoch (UTC) as REAL; `uid` columns are random hex ids
that identify a history row across machines (export/import merges on them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x444C5455  # "DLTU"

V1_TABLES = """
CREATE TABLE lessons (
    lesson_id    TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('started', 'done')),
    seconds      REAL NOT NULL DEFAULT 0,
    started_at   REAL,
    completed_at REAL,
    last_block   INTEGER,
    position_at  REAL,
    updated_at   REAL NOT NULL
);
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    lesson_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer      TEXT NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    seconds     REAL,
    answered_at REAL NOT NULL
);
CREATE INDEX answers_by_question ON answers (lesson_id, question_id, answered_at);
CREATE TABLE exercise_code (
    lesson_id   TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    saved_at    REAL NOT NULL,
    PRIMARY KEY (lesson_id, exercise_id)
);
CREATE TABLE exercise_attempts (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    lesson_id    TEXT NOT NULL,
    exercise_id  TEXT NOT NULL,
    code         TEXT NOT NULL,
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    results      TEXT NOT NULL,
    attempted_at REAL NOT NULL
);
CREATE INDEX attempts_by_exercise ON exercise_attempts (lesson_id, exercise_id, attempted_at);
CREATE TABLE reveals (
    lesson_id   TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    what        TEXT NOT NULL CHECK (what IN ('hint', 'solution')),
    idx         INTEGER NOT NULL,
    revealed_at REAL NOT NULL,
    PRIMARY KEY (lesson_id, exercise_id, what, idx)
);
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at REAL NOT NULL
)
"""

V2_TABLES = """
CREATE TABLE review_cards (
    lesson_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    state       INTEGER NOT NULL,
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         REAL NOT NULL,
    last_review REAL,
    PRIMARY KEY (lesson_id, question_id)
);
CREATE INDEX review_cards_by_due ON review_cards (due);
CREATE TABLE lesson_aliases (
    old_id    TEXT PRIMARY KEY,
    new_id    TEXT NOT NULL,
    mapped_at REAL NOT NULL
);
CREATE TABLE activity_days (
    day TEXT PRIMARY KEY
)
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    # not executescript(): it would COMMIT the surrounding migration transaction
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    """The first released schema: lessons, answers, exercises, reveals, settings."""
    _run(conn, V1_TABLES)


def _v2(conn: sqlite3.Connection) -> None:
    """Spaced review cards, renamed-lesson aliases and activity days (for the streak).

    Cards and activity days are rebuilt from the history a v1 database already holds, so
    questions answered before the upgrade join the review queue.
    """
    from tutor.progress.review import rebuild_cards
    from tutor.progress.store import local_day

    _run(conn, V2_TABLES)
    stamps = conn.execute(
        "SELECT answered_at FROM answers UNION SELECT attempted_at FROM exercise_attempts"
        " UNION SELECT updated_at FROM lessons"
    ).fetchall()
    conn.executemany(
        "INSERT OR IGNORE INTO activity_days (day) VALUES (?)",
        [(local_day(t),) for (t,) in stamps],
    )
    rebuild_cards(conn)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(RuntimeError):
    """The database was written by a newer dltutor; this one must not touch it."""


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to `target`; returns the version it had before.

    `conn` must be in autocommit mode (isolation_level=None); the migration takes the write
    lock with BEGIN IMMEDIATE and reads the version under it.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = schema_version(conn)
        if before > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"this progress database has schema version {before}, but this dltutor "
                f"knows only up to {SCHEMA_VERSION}: upgrade dltutor (the file was left untouched)"
            )
        for version in range(before + 1, target + 1):
            MIGRATIONS[version - 1](conn)
        if target > before:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before
