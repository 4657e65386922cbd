"""Nothing a learner did is lost: SIGKILL mid-write, two writers, damaged files, upgrades."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tutor.progress import schema
from tutor.progress.review import ReviewQueue, rebuild_cards, scheduler
from tutor.progress.schema import NewerSchemaError
from tutor.progress.store import ProgressStore, _connect

REPO = Path(__file__).resolve().parents[2]


def _integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


# ---- SIGKILL during writes ---------------------------------------------------------------


def _write_until_killed(data_dir: Path, first: int, report_fd: int) -> None:
    """Child process: record answers forever, reporting each one after it returned."""
    store = ProgressStore.open(data_dir=data_dir)
    seq = first
    while True:
        store.record_answer("kill", f"q{seq % 5}", str(seq), seq % 3 == 0, 1.0)
        if seq % 4 == 0:
            store.save_exercise_code("kill", "ex", f"# draft {seq}")
        os.write(report_fd, f"{seq}\n".encode())
        seq += 1


def _kill_loop(data_dir: Path, kills: int, seed: int) -> dict[int, set[int]]:
    scheduler()  # import fsrs before forking, so children start writing at once
    rng = random.Random(seed)
    reported: dict[int, set[int]] = {}
    for run in range(kills):
        first = run * 1_000_000
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never return into pytest
            try:
                os.close(read_fd)
                _write_until_killed(data_dir, first, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as pipe:
            # mostly mid-stream: after a few answers were saved, at a random moment in the
            # next write; sometimes right after the start (while opening or migrating)
            seen = [pipe.readline() for _ in range(rng.choice([0, 1, 2, 3, 5, 8]))]
            time.sleep(rng.uniform(0.0, 0.005))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            reported[first] = {int(line) for line in b"".join(seen).split() + pipe.read().split()}
    return reported


def _check_after_kills(data_dir: Path, reported: dict[int, set[int]]) -> int:
    with ProgressStore.open(data_dir=data_dir) as store:
        assert store.notices == []  # never mistaken for a damaged file
        assert _integrity(store.path) == ["ok"]
        saved = {int(a["answer"]) for a in store.answers("kill")}
        for first, seqs in reported.items():
            in_flight = max(seqs, default=first - 1) + 1
            mine = {s for s in saved if first <= s < first + 1_000_000}
            # every answer reported as saved is there; at most the one in flight is extra
            assert seqs <= mine, f"run {first}: lost {sorted(seqs - mine)[:5]}"
            assert mine - seqs <= {in_flight}
        # the review cards agree with the answers they were built from
        queue = ReviewQueue(store)
        live = {q: queue.card("kill", q) for q in (f"q{i}" for i in range(5))}
        with store.transaction() as conn:
            rebuild_cards(conn)
        assert {q: queue.card("kill", q) for q in live} == live
        store.record_answer("kill", "after", "ok", True)  # still writable
    return sum(len(s) for s in reported.values())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_writes_quick(tmp_path):
    reported = _kill_loop(tmp_path, kills=20, seed=1)
    assert _check_after_kills(tmp_path, reported) > 0


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_200_sigkills_lose_at_most_the_answer_in_flight(tmp_path):
    reported = _kill_loop(tmp_path, kills=200, seed=2)
    assert sum(1 for seqs in reported.values() if seqs) > 100  # most kills came mid-stream
    assert _check_after_kills(tmp_path, reported) > 200


# ---- two processes on one profile --------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from tutor.progress.store import ProgressStore
    data_dir, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = ProgressStore.open(data_dir=data_dir)
    for i in range(count):
        store.record_answer("shared", f"q{i % 3}", f"{name}-{i}", i % 2 == 0, 1.0)
        store.add_time("shared", 1.0)
        store.set_setting(f"last-{name}", i)
    print("done", flush=True)
    """
)


def test_two_processes_writing_one_profile_lose_nothing(tmp_path):
    count = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, str(count)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert _integrity(store.path) == ["ok"]
        answers = {a["answer"] for a in store.answers("shared")}
        expected = {f"{name}-{i}" for name in ("left", "right") for i in range(count)}
        assert answers == expected
        assert store.lesson_status("shared").seconds == 2 * count  # no lost increments
        assert store.get_setting("last-left") == store.get_setting("last-right") == count - 1
        queue = ReviewQueue(store)
        live = {q: queue.card("shared", q) for q in ("q0", "q1", "q2")}
        with store.transaction() as conn:
            rebuild_cards(conn)
        # each card saw every answer of both processes, in order
        assert {q: queue.card("shared", q) for q in live} == live


# ---- damaged and foreign files -----------------------------------------------------------


def _db_path(data_dir: Path) -> Path:
    return data_dir / "profiles" / "default.sqlite3"


def _moved_aside(data_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in (data_dir / "profiles").iterdir()
        if p.name.startswith("default.sqlite3.corrupt") and not p.name.endswith(("-wal", "-shm"))
    )


def test_a_file_that_is_not_a_database_is_moved_aside_not_overwritten(tmp_path):
    path = _db_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("my notes, not a database\n" * 50)
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert len(store.notices) == 1
        assert "not a SQLite database" in store.notices[0] and "moved to" in store.notices[0]
        store.record_answer("l", "q", "A", True)
    [moved] = _moved_aside(tmp_path)
    assert moved.read_text() == "my notes, not a database\n" * 50
    assert _integrity(path) == ["ok"]


def test_another_programs_database_is_left_intact(tmp_path):
    path = _db_path(tmp_path)
    path.parent.mkdir(parents=True)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    other.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert "another program's database" in store.notices[0]
        assert store.answers("l") == []
    [moved] = _moved_aside(tmp_path)
    assert moved.read_bytes() == before


def test_a_damaged_database_is_moved_aside_and_what_is_readable_is_recovered(tmp_path):
    with ProgressStore.open(data_dir=tmp_path) as store:
        for i in range(200):
            store.record_answer("l", f"q{i % 4}", "x" * 100 + str(i), i % 2 == 0)
        store.record_exercise_attempt("l", "ex", "code", True, [])
        store.set_setting("language", "zh")
        path = store.path
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'exercise_attempts'"
    ).fetchone()
    conn.close()
    with open(path, "r+b") as handle:  # scribble over the attempts table's only page
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    damaged = path.read_bytes()

    with ProgressStore.open(data_dir=tmp_path) as store:
        text = " ".join(store.notices)
        assert "damaged" in text and "moved to" in text
        assert "Recovered from the damaged file: " in text and "200 answers" in text
        assert "Could not read: exercise_attempts" in text
        assert len(store.answers("l")) == 200
        assert store.get_setting("language") == "zh"
        assert _integrity(store.path) == ["ok"]
    [moved] = _moved_aside(tmp_path)
    assert moved.read_bytes() == damaged


def test_an_empty_file_becomes_a_new_database_silently(tmp_path):
    path = _db_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.touch()
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert store.notices == []
        store.record_answer("l", "q", "A", True)


def test_a_database_from_a_newer_dltutor_is_refused_and_untouched(tmp_path):
    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("l", "q", "A", True)
        path = store.path
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="upgrade dltutor"):
        ProgressStore.open(data_dir=tmp_path)
    assert path.read_bytes() == before
    assert _moved_aside(tmp_path) == []


# ---- migrations --------------------------------------------------------------------------


def test_migration_from_the_first_schema_keeps_history_and_schedules_it(tmp_path):
    path = _db_path(tmp_path)
    path.parent.mkdir(parents=True)
    conn = _connect(path)
    schema.migrate(conn, target=1)
    now = time.time()
    conn.executemany(
        "INSERT INTO answers (uid, lesson_id, question_id, answer, correct, seconds, answered_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("u1", "tensors", "right", "B", 1, 2.0, now - 3600),
            ("u2", "tensors", "wrong", "A", 0, 3.0, now - 3600),
        ],
    )
    conn.execute(
        "INSERT INTO lessons (lesson_id, status, seconds, started_at, updated_at)"
        " VALUES ('tensors', 'done', 600, ?, ?)",
        (now - 7200, now - 3600),
    )
    conn.execute("INSERT INTO exercise_code VALUES ('tensors', 'ex', 'x = 1', ?)", (now - 3600,))
    conn.execute("INSERT INTO settings VALUES ('language', '\"zh\"', ?)", (now,))
    conn.close()

    with ProgressStore.open(data_dir=tmp_path) as store:
        assert store.notices == []
        assert store.query("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
        assert [a["uid"] for a in store.answers("tensors")] == ["u1", "u2"]
        assert store.lesson_status("tensors").seconds == 600
        assert store.latest_exercise_code("tensors", "ex") == "x = 1"
        assert store.get_setting("language") == "zh"
        # v2 built the review schedule and the streak from the v1 history
        assert ReviewQueue(store).due(now=now) == [("tensors", "wrong")]
        assert store.summary(now=now)["streak_days"] >= 1
        store.rename_lesson("tensors", "arrays")  # a v2 feature works on the upgraded file
        assert len(store.answers("arrays")) == 2


def test_migration_is_all_or_nothing(tmp_path, monkeypatch):
    path = _db_path(tmp_path)
    path.parent.mkdir(parents=True)
    conn = _connect(path)
    schema.migrate(conn, target=1)
    conn.close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    conn = _connect(path)
    with pytest.raises(RuntimeError):
        schema.migrate(conn, target=2)
    assert schema.schema_version(conn) == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall() == []
    conn.close()


def test_a_journal_left_without_its_database_is_kept_not_overwritten(tmp_path):
    with ProgressStore.open(data_dir=tmp_path) as store:
        path = store.path
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep this answer in the -wal only
    conn.execute(
        "INSERT INTO answers (uid, lesson_id, question_id, answer, correct, answered_at)"
        " VALUES ('stale', 'l', 'q', 'A', 1, 0)"
    )
    wal = path.with_name(path.name + "-wal")
    saved_wal = wal.read_bytes()
    conn.close()
    path.unlink()  # e.g. a learner deleting "the database" by hand, but not its -wal
    wal.write_bytes(saved_wal)
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert "journal without its database" in store.notices[0]
        store.record_answer("l", "q", "B", True)
        assert [a["answer"] for a in store.answers("l")] == ["B"]
    [kept] = [p for p in path.parent.iterdir() if ".orphan-" in p.name]
    assert kept.name.endswith("-wal") and kept.read_bytes() == saved_wal
