"""The progress store: one SQLite database per profile that never loses a learner's work.

    from tutor.progress.store import ProgressStore
    store = ProgressStore.open(data_dir=None, profile=None)  # see tutor.progress.paths
    for line in store.notices: ...          # e.g. "the old file was moved aside" - show it
    store.record_answer(lesson_id, question_id, answer, correct, seconds)   # -> uid
    store.save_exercise_code(lesson_id, exercise_id, code)   # call on every run / edit
    store.latest_exercise_code(lesson_id, exercise_id)       # -> str | None (restore it)
    store.record_exercise_attempt(lesson_id, exercise_id, code, passed, results)
    store.exercise_attempts(lesson_id, exercise_id)          # newest first
    store.reveal(lesson_id, exercise_id, "hint" | "solution", index=0)
    store.reveals(lesson_id, exercise_id)                    # {"hint": [0, 1], "solution": []}
    store.set_lesson_status(lesson_id, "started" | "done")   # "done" is never undone by "started"
    store.add_time(lesson_id, seconds)
    store.lesson_status(lesson_id)                           # -> LessonStatus | None
    store.answers(lesson_id, question_id=None)               # history, oldest first
    store.set_last_position(lesson_id, block_index); store.last_position()  # -> (id, idx) | None
    store.get_setting(key, default); store.set_setting(key, value)          # JSON values
    store.summary(catalog, lang)                             # JSON-able dict, see summary()
    store.rename_lesson(old_id, new_id)                      # a lesson's id changed
    store.reset(lesson_id=None)                              # settings are kept
    store.close()                                            # or use it as a context manager

Durability:
- WAL journal, `synchronous=FULL`; every write method is one `BEGIN IMMEDIATE` transaction
  that has committed when the method returns. A process killed at any instant loses at
  most the call in flight, and the file opens cleanly afterwards.
- Several processes (two terminals, the TUI and `dltutor quiz`) can write one profile:
  SQLite's locks serialise the transactions, `busy_timeout` makes a writer wait instead of
  failing, and counters are updated in SQL (`seconds = seconds + ?`), never read-modify-write
  in Python. WAL needs a local file system (not NFS).
- On open, a file at the database path that is not a SQLite database, is another program's
  database, or fails `PRAGMA quick_check` is renamed to `<name>.corrupt-<time>` (with its
  -wal/-shm files) and a new database is started; what can still be read from a damaged
  dltutor database is copied into the new one. `notices` says what happened. A database
  from a newer dltutor raises `NewerSchemaError` and is left untouched.
- One store object may be used from several threads (calls are serialised by a lock).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tutor.progress import paths
from tutor.progress.schema import APPLICATION_ID, NewerSchemaError, migrate

__all__ = ["LessonStatus", "NewerSchemaError", "ProgressStore", "ProgressStoreError"]

SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
REVEAL_KINDS = ("hint", "solution")


class ProgressStoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class LessonStatus:
    status: str  # "started" | "done"
    seconds: float
    started_at: float | None
    completed_at: float | None
    last_block: int | None


def local_day(epoch: float) -> str:
    """The learner's calendar day (local time) of a timestamp, for the streak."""
    return time.strftime("%Y-%m-%d", time.localtime(epoch))


def new_uid() -> str:
    return uuid.uuid4().hex


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


@contextlib.contextmanager
def _profile_lock(db_path: Path) -> Iterator[None]:
    """Serialise opening (inspect, move aside, migrate) between processes of one profile.

    Without it, two processes that both found a damaged file could each move "it" aside,
    the second one moving the fresh database the first had just created.
    """
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking still protects the data
        yield
        return
    with open(db_path.with_name(db_path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed answer survives a power cut too, not only a killed process
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _inspect(path: Path) -> str | None:
    """Why the file at `path` must not be used as our database, or None if it may."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        return "not a SQLite database"
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (tables or version)):
            return "another program's database"
        check = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if check != ["ok"]:
            return "damaged (" + "; ".join(check[:3]) + ")"
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            return f"damaged ({exc})"
        raise
    finally:
        conn.close()
    return None


_COMPANIONS = ("-wal", "-shm")


def _move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename the database and its -wal/-shm files to `<name>.<label>-<time>[-wal|-shm]`.

    The companions go first: a -wal left behind would be reset by the new database, losing
    the pages it holds. The moved set keeps SQLite's naming, so it still opens as a whole.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(target.with_name(target.name + s).exists() for s in ("", *_COMPANIONS)):
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    if path.exists():
        os.replace(path, target)
    return target


def _orphaned_journal(path: Path) -> bool:
    """A -wal file with content but no database beside it (the database was removed)."""
    wal = path.with_name(path.name + "-wal")
    has_db = path.exists() and path.stat().st_size > 0
    return not has_db and wal.exists() and wal.stat().st_size > 0


class ProgressStore:
    """See the module docstring."""

    def __init__(self, conn: sqlite3.Connection, path: Path, profile: str, notices: list[str]):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.data_dir = path.parent.parent  # <data dir>/profiles/<profile>.sqlite3
        self.profile = profile
        self.notices = notices
        self.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike | None = None, profile: str | None = None
    ) -> ProgressStore:
        """Open (creating and migrating as needed) the database of a profile."""
        name = paths.profile_name(profile)
        db_path = paths.database_path(paths.data_dir(data_dir), name)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        notices: list[str] = []
        with _profile_lock(db_path):
            conn = cls._open_checked(db_path, notices)
        return cls(conn, db_path, name, notices)

    @classmethod
    def _open_checked(cls, db_path: Path, notices: list[str]) -> sqlite3.Connection:
        if _orphaned_journal(db_path):
            moved = _move_aside(db_path, label="orphan")
            notices.append(
                f"A journal without its database was found next to {db_path}; "
                f"it was moved to {moved}-wal and a new database was started."
            )
        for attempt in (1, 2):
            reason = _inspect(db_path)
            if reason is None:
                conn = _connect(db_path)
                try:
                    migrate(conn)
                    return conn
                except sqlite3.DatabaseError as exc:
                    conn.close()
                    if attempt == 2 or not _is_corruption(exc):
                        raise
                    reason = f"damaged ({exc})"
                except BaseException:
                    conn.close()
                    raise
            if attempt == 2:
                raise ProgressStoreError(f"cannot start a new progress database at {db_path}")
            moved = _move_aside(db_path)
            notices.append(
                f"The progress database {db_path} was {reason}. It was moved to {moved} "
                "(nothing was deleted) and a new database was started."
            )
            if reason.startswith("damaged"):
                try:
                    cls._salvage_into_new(db_path, moved, notices)
                except Exception as exc:  # recovery is a bonus: never block opening on it
                    notices.append(f"Nothing could be recovered from it ({exc}).")
        raise AssertionError("unreachable")

    @classmethod
    def _salvage_into_new(cls, db_path: Path, damaged: Path, notices: list[str]) -> None:
        from tutor.progress.transfer import merge_document, read_document

        conn = _connect(db_path)
        try:
            migrate(conn)
            try:
                source = sqlite3.connect(
                    damaged.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
                )
            except sqlite3.Error:
                return
            try:
                document, lost = read_document(source, salvage=True)
            finally:
                source.close()
            conn.execute("BEGIN IMMEDIATE")
            try:
                counts = merge_document(conn, document)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            if any(counts.values()):
                what = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
                notices.append(f"Recovered from the damaged file: {what}.")
            if lost:
                notices.append("Could not read: " + ", ".join(lost) + ".")
        finally:
            conn.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- transactions ------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on exit (rolled back on an exception)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one consistent state of the database."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _touch_lesson(conn: sqlite3.Connection, lesson_id: str, now: float) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO lessons (lesson_id, status, started_at, updated_at)"
            " VALUES (?, 'started', ?, ?)",
            (lesson_id, now, now),
        )
        conn.execute("INSERT OR IGNORE INTO activity_days (day) VALUES (?)", (local_day(now),))

    # ---- quiz answers ------------------------------------------------------------------

    def record_answer(
        self,
        lesson_id: str,
        question_id: str,
        answer: str,
        correct: bool,
        seconds: float | None = None,
        *,
        when: float | None = None,
    ) -> str:
        """Record one answer and reschedule the question's review; returns the answer's uid.

        Committed when this returns. `when` (epoch seconds) defaults to now.
        """
        from tutor.progress.review import schedule_answer

        now = time.time() if when is None else when
        uid = new_uid()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "INSERT INTO answers"
                " (uid, lesson_id, question_id, answer, correct, seconds, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uid, lesson_id, question_id, answer, int(bool(correct)), seconds, now),
            )
            schedule_answer(conn, lesson_id, question_id, bool(correct), now)
        return uid

    def answers(self, lesson_id: str, question_id: str | None = None) -> list[dict]:
        sql = (
            "SELECT uid, lesson_id, question_id, answer, correct, seconds, answered_at"
            " FROM answers WHERE lesson_id = ?"
        )
        params: tuple = (lesson_id,)
        if question_id is not None:
            sql += " AND question_id = ?"
            params += (question_id,)
        rows = self.query(sql + " ORDER BY answered_at, id", params)
        keys = ("uid", "lesson_id", "question_id", "answer", "correct", "seconds", "answered_at")
        return [dict(zip(keys, row)) | {"correct": bool(row[4])} for row in rows]

    # ---- exercises ---------------------------------------------------------------------

    def save_exercise_code(self, lesson_id: str, exercise_id: str, code: str) -> None:
        """Keep the learner's latest code (call on every run, and while typing)."""
        now = time.time()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "INSERT OR REPLACE INTO exercise_code (lesson_id, exercise_id, code, saved_at)"
                " VALUES (?, ?, ?, ?)",
                (lesson_id, exercise_id, code, now),
            )

    def latest_exercise_code(self, lesson_id: str, exercise_id: str) -> str | None:
        rows = self.query(
            "SELECT code FROM exercise_code WHERE lesson_id = ? AND exercise_id = ?",
            (lesson_id, exercise_id),
        )
        return rows[0][0] if rows else None

    def record_exercise_attempt(
        self, lesson_id: str, exercise_id: str, code: str, passed: bool, results: list[dict]
    ) -> str:
        """Record a graded attempt (results: one dict per test, e.g. name/passed/message)."""
        now = time.time()
        uid = new_uid()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "INSERT INTO exercise_attempts"
                " (uid, lesson_id, exercise_id, code, passed, results, attempted_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uid, lesson_id, exercise_id, code, int(bool(passed)), json.dumps(results), now),
            )
            conn.execute(
                "INSERT OR REPLACE INTO exercise_code (lesson_id, exercise_id, code, saved_at)"
                " VALUES (?, ?, ?, ?)",
                (lesson_id, exercise_id, code, now),
            )
        return uid

    def exercise_attempts(self, lesson_id: str, exercise_id: str) -> list[dict]:
        rows = self.query(
            "SELECT uid, code, passed, results, attempted_at FROM exercise_attempts"
            " WHERE lesson_id = ? AND exercise_id = ? ORDER BY attempted_at DESC, id DESC",
            (lesson_id, exercise_id),
        )
        return [
            {"uid": u, "code": c, "passed": bool(p), "results": json.loads(r), "attempted_at": t}
            for u, c, p, r, t in rows
        ]

    def reveal(self, lesson_id: str, exercise_id: str, what: str, index: int = 0) -> None:
        """Note that a hint (by index) or the solution was shown; the first time is kept."""
        if what not in REVEAL_KINDS:
            raise ValueError(f"what must be one of {REVEAL_KINDS}, not {what!r}")
        now = time.time()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "INSERT OR IGNORE INTO reveals (lesson_id, exercise_id, what, idx, revealed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (lesson_id, exercise_id, what, index, now),
            )

    def reveals(self, lesson_id: str, exercise_id: str) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {kind: [] for kind in REVEAL_KINDS}
        for what, idx in self.query(
            "SELECT what, idx FROM reveals WHERE lesson_id = ? AND exercise_id = ? ORDER BY idx",
            (lesson_id, exercise_id),
        ):
            found[what].append(idx)
        return found

    # ---- lessons -----------------------------------------------------------------------

    def set_lesson_status(self, lesson_id: str, status: str) -> None:
        if status not in ("started", "done"):
            raise ValueError(f"status must be 'started' or 'done', not {status!r}")
        now = time.time()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            if status == "done":
                conn.execute(
                    "UPDATE lessons SET status = 'done', completed_at = coalesce(completed_at, ?),"
                    " updated_at = ? WHERE lesson_id = ?",
                    (now, now, lesson_id),
                )

    def add_time(self, lesson_id: str, seconds: float) -> None:
        if seconds <= 0:
            return
        now = time.time()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "UPDATE lessons SET seconds = seconds + ?, updated_at = ? WHERE lesson_id = ?",
                (float(seconds), now, lesson_id),
            )

    def lesson_status(self, lesson_id: str) -> LessonStatus | None:
        rows = self.query(
            "SELECT status, seconds, started_at, completed_at, last_block FROM lessons"
            " WHERE lesson_id = ?",
            (lesson_id,),
        )
        return LessonStatus(*rows[0]) if rows else None

    def set_last_position(self, lesson_id: str, block_index: int) -> None:
        now = time.time()
        with self.transaction() as conn:
            self._touch_lesson(conn, lesson_id, now)
            conn.execute(
                "UPDATE lessons SET last_block = ?, position_at = ? WHERE lesson_id = ?",
                (int(block_index), now, lesson_id),
            )

    def last_position(self) -> tuple[str, int] | None:
        """The lesson and block the learner was last at, for "continue where I left off"."""
        rows = self.query(
            "SELECT lesson_id, last_block FROM lessons WHERE position_at IS NOT NULL"
            " ORDER BY position_at DESC LIMIT 1"
        )
        return (rows[0][0], rows[0][1]) if rows else None

    # ---- settings ----------------------------------------------------------------------

    def get_setting(self, key: str, default=None):
        rows = self.query("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value) -> None:
        """Store a JSON-serialisable value (e.g. "language" -> "zh", "theme" -> "dark")."""
        encoded = json.dumps(value)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                (key, encoded, time.time()),
            )

    # ---- course changes ----------------------------------------------------------------

    def rename_lesson(self, old_id: str, new_id: str) -> int:
        """Move the history of `old_id` to `new_id` (a lesson whose id changed).

        The mapping is remembered, so importing an old export lands on the new id too.
        Returns the number of answers moved.
        """
        from tutor.progress.transfer import move_lesson

        if old_id == new_id:
            return 0
        with self.transaction() as conn:
            # renaming back to a former id: that id is live again, not an alias
            conn.execute("DELETE FROM lesson_aliases WHERE old_id = ?", (new_id,))
            moved = move_lesson(conn, old_id, new_id)
            conn.execute("UPDATE lesson_aliases SET new_id = ? WHERE new_id = ?", (new_id, old_id))
            conn.execute(
                "INSERT OR REPLACE INTO lesson_aliases (old_id, new_id, mapped_at)"
                " VALUES (?, ?, ?)",
                (old_id, new_id, time.time()),
            )
        return moved

    def reset(self, lesson_id: str | None = None) -> dict[str, int]:
        """Delete the progress of one lesson, or all of it; settings are kept.

        Returns how many rows went, by kind.
        """
        tables = ("answers", "exercise_attempts", "exercise_code", "reveals", "review_cards")
        deleted: dict[str, int] = {}
        with self.transaction() as conn:
            for table in (*tables, "lessons"):
                if lesson_id is None:
                    cursor = conn.execute(f"DELETE FROM {table}")
                else:
                    cursor = conn.execute(f"DELETE FROM {table} WHERE lesson_id = ?", (lesson_id,))
                deleted[table] = cursor.rowcount
            if lesson_id is None:
                conn.execute("DELETE FROM activity_days")
        return deleted

    def counts(self, lesson_id: str | None = None) -> dict[str, int]:
        """How much history there is (all of it, or of one lesson)."""
        where, params = ("", ()) if lesson_id is None else (" WHERE lesson_id = ?", (lesson_id,))
        with self.snapshot() as conn:
            return {
                table: conn.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0]
                for table in ("lessons", "answers", "exercise_attempts", "exercise_code")
            }

    # ---- summary -----------------------------------------------------------------------

    def summary(self, catalog=None, lang: str = "en", now: float | None = None) -> dict:
        """Progress at a glance, as a JSON-able dict.

        keys: profile, database, lessons {total, done, started}, answers {total, correct,
        accuracy}, questions {total, answered, correct}, seconds, streak_days, active_today,
        last_position, review {due, next_due}, parts [{id, title, lessons_total,
        lessons_done, lessons_started, questions_total, questions_answered,
        questions_correct, answers, accuracy, seconds}], orphans [{lesson_id, answers}].

        accuracy = correct answers / answers (None before the first answer);
        questions_correct = questions whose latest answer was right. Answers to questions
        that are no longer in the course stay in the history and in `answers`, but not in
        the per-question counts; lessons no longer in the course are listed in `orphans`.
        """
        from tutor.progress.review import ReviewQueue

        now = time.time() if now is None else now
        with self.snapshot() as conn:
            lesson_rows = {
                row[0]: row[1:]
                for row in conn.execute("SELECT lesson_id, status, seconds FROM lessons")
            }
            answer_rows = conn.execute(
                "SELECT lesson_id, question_id, correct FROM answers ORDER BY answered_at, id"
            ).fetchall()
            days = {row[0] for row in conn.execute("SELECT day FROM activity_days")}
        queue = ReviewQueue(self)
        latest: dict[tuple[str, str], bool] = {}
        per_lesson_answers: dict[str, list[int]] = {}
        for lesson_id, question_id, correct in answer_rows:
            latest[(lesson_id, question_id)] = bool(correct)
            counts = per_lesson_answers.setdefault(lesson_id, [0, 0])
            counts[0] += 1
            counts[1] += correct

        lessons = catalog.lessons if catalog is not None else {}
        parts: list[dict] = []
        part_ids = [p.id for p in catalog.parts] if catalog is not None else []
        part_ids += [le.part for le in lessons.values() if le.part not in part_ids]
        for part_id in part_ids:
            members = [le for le in lessons.values() if le.part == part_id]
            if not members:
                continue
            questions = [(le.id, q.id) for le in members for q in le.questions]
            answered = [key for key in questions if key in latest]
            n_answers = sum(per_lesson_answers.get(le.id, [0, 0])[0] for le in members)
            n_correct = sum(per_lesson_answers.get(le.id, [0, 0])[1] for le in members)
            statuses = [lesson_rows.get(le.id, (None, 0.0)) for le in members]
            parts.append(
                {
                    "id": part_id,
                    "title": catalog.part_title(part_id).get(lang),
                    "lessons_total": len(members),
                    "lessons_done": sum(s[0] == "done" for s in statuses),
                    "lessons_started": sum(s[0] == "started" for s in statuses),
                    "questions_total": len(questions),
                    "questions_answered": len(answered),
                    "questions_correct": sum(latest[key] for key in answered),
                    "answers": n_answers,
                    "accuracy": n_correct / n_answers if n_answers else None,
                    "seconds": sum(s[1] for s in statuses),
                }
            )
        total_answers = len(answer_rows)
        total_correct = sum(row[2] for row in answer_rows)
        orphans = sorted(
            lid for lid in set(lesson_rows) | set(per_lesson_answers) if lid not in lessons
        )
        position = self.last_position()
        due = queue.due(now=now, catalog=catalog)
        return {
            "profile": self.profile,
            "database": str(self.path),
            "lessons": {
                "total": len(lessons),
                "done": sum(p["lessons_done"] for p in parts),
                "started": sum(p["lessons_started"] for p in parts),
            },
            "answers": {
                "total": total_answers,
                "correct": total_correct,
                "accuracy": total_correct / total_answers if total_answers else None,
            },
            "questions": {
                "total": sum(p["questions_total"] for p in parts),
                "answered": sum(p["questions_answered"] for p in parts),
                "correct": sum(p["questions_correct"] for p in parts),
            },
            "seconds": sum(row[1] for row in lesson_rows.values()),
            "streak_days": streak(days, now),
            "active_today": local_day(now) in days,
            "last_position": list(position) if position else None,
            "review": {"due": len(due), "next_due": queue.next_due(now=now, catalog=catalog)},
            "parts": parts,
            "orphans": [
                {"lesson_id": lid, "answers": per_lesson_answers.get(lid, [0, 0])[0]}
                for lid in orphans
            ],
        }


def streak(days: set[str], now: float) -> int:
    """Consecutive active days ending today (or yesterday, if today has no activity yet)."""
    day = now
    if local_day(day) not in days:
        day -= 86400
    count = 0
    while local_day(day) in days:
        count += 1
        # step by calendar day at noon, so DST changes never skip or repeat a day
        noon = time.localtime(day)
        day = time.mktime((*noon[:3], 12, 0, 0, 0, 0, -1)) - 86400
    return count
