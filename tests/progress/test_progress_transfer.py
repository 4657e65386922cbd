"""Export -> import: a learner moves to another machine, or merges two of them."""

from __future__ import annotations

import json
import time

import pytest

from tutor.progress.review import ReviewQueue
from tutor.progress.store import ProgressStore
from tutor.progress.transfer import (
    FORMAT_VERSION,
    TransferError,
    export_progress,
    import_progress,
    read_export,
)


def _fill(store: ProgressStore) -> None:
    now = time.time()
    store.record_answer("tensors", "pick", "A", False, 3.0, when=now - 600)
    store.record_answer("tensors", "pick", "B", True, 2.0, when=now - 300)
    store.record_answer("tensors", "dims", "2×3", True, None, when=now - 200)
    store.record_answer("gradients", "name", "梯度下降", True, 5.5, when=now - 100)
    store.save_exercise_code("tensors", "reshape", "x.reshape(2, 3)")
    store.record_exercise_attempt(
        "tensors", "reshape", "x.reshape(3, 2)", False, [{"name": "t", "passed": False}]
    )
    store.reveal("tensors", "reshape", "hint", 0)
    store.set_lesson_status("tensors", "done")
    store.add_time("tensors", 95.25)
    store.set_last_position("gradients", 4)
    store.set_setting("language", "zh")
    store.rename_lesson("grads-old", "gradients")


def _comparable(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in ("exported_at", "profile")}


def test_export_import_round_trip(tmp_path):
    with ProgressStore.open(data_dir=tmp_path / "a") as first:
        _fill(first)
        exported = export_progress(first, tmp_path / "progress.json")
        cards = {q: ReviewQueue(first).card("tensors", q) for q in ("pick", "dims")}
    with ProgressStore.open(data_dir=tmp_path / "b") as second:
        counts = import_progress(second, tmp_path / "progress.json")
        assert counts["answers"] == 4 and counts["exercise_attempts"] == 1
        again = export_progress(second, tmp_path / "again.json")
        assert _comparable(again) == _comparable(exported)
        # the review schedule is rebuilt from the answers, identical to the original
        assert {q: ReviewQueue(second).card("tensors", q) for q in ("pick", "dims")} == cards
        assert second.latest_exercise_code("tensors", "reshape") == "x.reshape(3, 2)"
        assert second.last_position() == ("gradients", 4)
        # importing the same file again adds nothing
        assert not any(import_progress(second, tmp_path / "progress.json").values())
        assert len(second.answers("tensors")) == 3


def test_import_merges_and_keeps_newer_data(tmp_path):
    with ProgressStore.open(data_dir=tmp_path / "laptop") as laptop:
        laptop.record_answer("tensors", "pick", "A", False)
        laptop.save_exercise_code("tensors", "reshape", "old code")
        laptop.set_setting("theme", "light")
        laptop.set_lesson_status("tensors", "done")
        laptop.add_time("tensors", 100)
        export_progress(laptop, tmp_path / "laptop.json")
    time.sleep(0.01)
    with ProgressStore.open(data_dir=tmp_path / "desktop") as desktop:
        desktop.record_answer("tensors", "pick", "B", True)
        desktop.save_exercise_code("tensors", "reshape", "newer code")
        desktop.set_setting("theme", "dark")
        desktop.add_time("tensors", 30)
        import_progress(desktop, tmp_path / "laptop.json")
        assert sorted(a["answer"] for a in desktop.answers("tensors")) == ["A", "B"]
        assert desktop.latest_exercise_code("tensors", "reshape") == "newer code"
        assert desktop.get_setting("theme") == "dark"
        status = desktop.lesson_status("tensors")
        assert status.status == "done" and status.seconds == 100


def test_import_follows_known_lesson_renames(tmp_path):
    with ProgressStore.open(data_dir=tmp_path / "old") as old:
        old.record_answer("intro-numpy", "q", "A", True)
        export_progress(old, tmp_path / "old.json")
    with ProgressStore.open(data_dir=tmp_path / "new") as new:
        new.rename_lesson("intro-numpy", "numpy-arrays")
        import_progress(new, tmp_path / "old.json")
        assert [a["answer"] for a in new.answers("numpy-arrays")] == ["A"]
        assert new.answers("intro-numpy") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"answers": []}', "not a dltutor progress export"),
        (json.dumps({"format": "dltutor-progress", "version": FORMAT_VERSION + 1}), "upgrade"),
        (
            json.dumps({"format": "dltutor-progress", "version": 1, "answers": [{"uid": "x"}]}),
            "answers[0]: missing 'lesson_id'",
        ),
        (
            json.dumps(
                {
                    "format": "dltutor-progress",
                    "version": 1,
                    "lessons": [
                        {
                            "lesson_id": "l",
                            "status": "finished",
                            "seconds": 1,
                            "started_at": None,
                            "completed_at": None,
                            "last_block": None,
                            "position_at": None,
                            "updated_at": 1,
                        }
                    ],
                }
            ),
            "lessons[0].status",
        ),
    ],
)
def test_a_bad_import_file_is_refused_with_a_reason_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(TransferError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_export(path)
    with ProgressStore.open(data_dir=tmp_path) as store:
        with pytest.raises(TransferError):
            import_progress(store, path)
        assert store.counts()["answers"] == 0


def test_export_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous export")
    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("l", "q", "A", True)
        export_progress(store, target)
    assert json.loads(target.read_text())["answers"][0]["answer"] == "A"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
