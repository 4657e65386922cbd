"""The store's everyday behaviour, as the TUI and the CLI use it."""

from __future__ import annotations

import time

import pytest
from progress_builders import FakeCatalog, lesson, shape, single

from tutor.progress.paths import ProfileNameError, database_path
from tutor.progress.review import ReviewQueue
from tutor.progress.store import ProgressStore


@pytest.fixture
def store(tmp_path):
    with ProgressStore.open(data_dir=tmp_path) as opened:
        yield opened


def test_data_dir_and_profile_come_from_arguments_or_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path / "home"))
    with ProgressStore.open() as store:
        assert store.path == database_path(tmp_path / "home", "default")
    with ProgressStore.open(data_dir=tmp_path / "other", profile="alice") as store:
        assert store.path == tmp_path / "other" / "profiles" / "alice.sqlite3"
        store.record_answer("l", "q", "A", True)
    with ProgressStore.open(data_dir=tmp_path / "other", profile="bob") as store:
        assert store.answers("l") == []  # profiles do not share progress
    with pytest.raises(ProfileNameError):
        ProgressStore.open(data_dir=tmp_path, profile="../escape")


def test_wal_mode_and_answers_survive_reopening(tmp_path):
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert store.journal_mode == "wal"
        uid = store.record_answer("tensors", "dims", "2x3", True, 4.5)
    with ProgressStore.open(data_dir=tmp_path) as store:
        [answer] = store.answers("tensors", "dims")
    assert answer["uid"] == uid
    assert (answer["answer"], answer["correct"], answer["seconds"]) == ("2x3", True, 4.5)


def test_latest_exercise_code_is_restored(store):
    assert store.latest_exercise_code("l", "ex") is None
    store.save_exercise_code("l", "ex", "def f(): pass")
    store.save_exercise_code("l", "ex", "def f():\n    return 1")
    assert store.latest_exercise_code("l", "ex") == "def f():\n    return 1"
    results = [{"name": "test_one", "passed": False, "message": "expected 2"}]
    store.record_exercise_attempt("l", "ex", "def f():\n    return 2", False, results)
    assert store.latest_exercise_code("l", "ex") == "def f():\n    return 2"
    [attempt] = store.exercise_attempts("l", "ex")
    assert attempt["results"] == results and attempt["passed"] is False


def test_reveals_lesson_status_time_and_position(store):
    store.reveal("l", "ex", "hint", 0)
    store.reveal("l", "ex", "hint", 0)
    store.reveal("l", "ex", "solution")
    assert store.reveals("l", "ex") == {"hint": [0], "solution": [0]}
    with pytest.raises(ValueError):
        store.reveal("l", "ex", "answer")

    store.set_lesson_status("l", "done")
    store.set_lesson_status("l", "started")  # reopening a finished lesson keeps it done
    store.add_time("l", 30)
    store.add_time("l", 12.5)
    status = store.lesson_status("l")
    assert status.status == "done" and status.seconds == 42.5
    assert store.lesson_status("never-opened") is None

    assert store.last_position() is None
    store.set_last_position("a", 3)
    time.sleep(0.01)
    store.set_last_position("b", 7)
    assert store.last_position() == ("b", 7)


def test_settings_hold_json_values(store):
    assert store.get_setting("theme", "dark") == "dark"
    store.set_setting("language", "zh")
    store.set_setting("layout", {"sidebar": False})
    assert store.get_setting("language") == "zh"
    assert store.get_setting("layout") == {"sidebar": False}


def test_wrong_answers_come_back_sooner(store):
    now = time.time()
    store.record_answer("l", "right", "B", True, when=now)
    store.record_answer("l", "wrong", "A", False, when=now)
    queue = ReviewQueue(store)
    assert queue.due(now=now + 60) == []
    assert queue.due(now=now + 11 * 60) == [("l", "wrong")]
    assert ("l", "right") in queue.due(now=now + 7 * 86400)
    # answering the due question right pushes it out again
    store.record_answer("l", "wrong", "B", True, when=now + 11 * 60)
    assert ("l", "wrong") not in queue.due(now=now + 12 * 60)
    assert queue.card("l", "right")["due"] > queue.card("l", "wrong")["due"]


def test_review_skips_questions_removed_from_the_course(store):
    now = time.time()
    store.record_answer("tensors", "pick", "A", False, when=now)
    store.record_answer("tensors", "gone", "A", False, when=now)
    catalog = FakeCatalog([lesson("tensors", [single("pick")])])
    queue = ReviewQueue(store)
    assert queue.due(now=now + 3600, catalog=catalog) == [("tensors", "pick")]
    assert len(store.answers("tensors")) == 2  # history is kept


def test_summary_counts_parts_accuracy_streak_and_orphans(store):
    catalog = FakeCatalog(
        [
            lesson("a", [single("q1"), shape("q2")], part="basics"),
            lesson("b", [single("q3")], part="basics"),
            lesson("c", [single("q4")], part="models"),
        ]
    )
    store.record_answer("a", "q1", "A", False)
    store.record_answer("a", "q1", "B", True)
    store.record_answer("a", "q2", "2x3", True)
    store.record_answer("a", "removed", "x", True)
    store.set_lesson_status("a", "done")
    store.add_time("a", 60)
    store.record_answer("old-lesson", "q", "x", False)
    summary = store.summary(catalog)
    basics = summary["parts"][0]
    assert basics["id"] == "basics" and basics["lessons_total"] == 2
    assert basics["lessons_done"] == 1
    assert (basics["questions_total"], basics["questions_answered"]) == (3, 2)
    assert basics["questions_correct"] == 2  # q1's latest answer is right
    assert basics["accuracy"] == 3 / 4 and basics["seconds"] == 60
    assert summary["answers"] == {"total": 5, "correct": 3, "accuracy": 3 / 5}
    assert summary["streak_days"] == 1 and summary["active_today"] is True
    assert summary["orphans"] == [{"lesson_id": "old-lesson", "answers": 1}]
    assert [p["id"] for p in summary["parts"]] == ["basics", "models"]


def test_streak_counts_consecutive_days(store):
    day = 86400
    now = time.time()
    for back in (0, 1, 2, 4):
        store.record_answer("l", f"q{back}", "A", True, when=now - back * day)
    assert store.summary(now=now)["streak_days"] == 3
    assert store.summary(now=now + day)["streak_days"] == 3  # yesterday still counts
    assert store.summary(now=now + 2 * day)["streak_days"] == 0


def test_renamed_lesson_keeps_its_history(store):
    now = time.time()
    store.record_answer("old", "q", "A", False, when=now)
    store.save_exercise_code("old", "ex", "code")
    store.set_lesson_status("old", "done")
    store.record_answer("new", "q", "B", True, when=now + 1)
    due_before = ReviewQueue(store).card("new", "q")["due"]
    assert store.rename_lesson("old", "new") == 1
    assert [a["answer"] for a in store.answers("new", "q")] == ["A", "B"]
    assert store.answers("old") == []
    assert store.latest_exercise_code("new", "ex") == "code"
    assert store.lesson_status("new").status == "done"
    assert store.lesson_status("old") is None
    # one card, replayed from both answers: the early lapse brings the question back sooner
    assert ReviewQueue(store).card("new", "q")["due"] < due_before
    assert ReviewQueue(store).card("old", "q") is None


def test_reset_one_lesson_or_everything_but_settings(store):
    store.record_answer("a", "q", "A", True)
    store.record_answer("b", "q", "A", True)
    store.set_setting("language", "zh")
    deleted = store.reset("a")
    assert deleted["answers"] == 1
    assert store.answers("a") == [] and len(store.answers("b")) == 1
    store.reset()
    assert store.counts() == {
        "lessons": 0,
        "answers": 0,
        "exercise_attempts": 0,
        "exercise_code": 0,
    }
    assert store.get_setting("language") == "zh"
    assert ReviewQueue(store).due(now=time.time() + 1e9) == []
