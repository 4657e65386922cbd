"""The plain-terminal commands: quiz, review, progress, export, import, reset."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from progress_builders import FakeCatalog, lesson, numeric, shape, single

from tutor.cli import main
from tutor.progress.store import ProgressStore

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def test_quiz_reads_answers_from_a_pipe(tmp_path):
    """The real thing: `printf ... | dltutor quiz LESSON` with a lesson file on disk."""
    options = ["--data-dir", str(tmp_path), "--lessons", str(FIXTURES)]
    run = subprocess.run(
        [sys.executable, "-m", "tutor", *options, "quiz", "progress-quiz-fixture"],
        input="B\n3x2\n1/2\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "[1/3] Quiz fixture · pick (single choice)" in out
    assert "  B) two axes" in out
    assert "Answer (a letter A–B or a number 1–2): B\nCorrect." in out
    assert "Not correct: you answered the shape (3, 2)." in out
    assert "Expected: (2, 3)" in out and "Explanation: Two rows of three." in out
    assert out.rstrip().endswith("Score: 2/3 correct (67%)")
    with ProgressStore.open(data_dir=tmp_path) as store:
        answers = store.answers("progress-quiz-fixture")
    assert [(a["question_id"], a["answer"], a["correct"]) for a in answers] == [
        ("pick", "B", True),
        ("dims", "3x2", False),
        ("half", "1/2", True),
    ]


@pytest.fixture
def catalog(monkeypatch):
    fake = FakeCatalog(
        [
            lesson("tensors", [single("pick", correct=1), shape("dims", (2, 3))]),
            lesson("numbers", [numeric("half", 0.5)], part="models"),
        ]
    )
    monkeypatch.setattr("tutor.course.catalog.load_catalog", lambda *a, **k: fake)
    return fake


def dltutor(tmp_path, *argv: str, stdin: str = "", monkeypatch=None) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--data-dir", str(tmp_path), *argv])


def test_quiz_skips_unreadable_answers_and_stops_at_end_of_input(
    tmp_path, catalog, monkeypatch, capsys
):
    assert dltutor(tmp_path, "quiz", "tensors", stdin="E\n", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert "There are only 4 choices" in out and "(skipped)" in out
    assert "No more input: stopping here." in out
    assert "Score: 0/2 correct (0%); 2 not answered" in out
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert store.answers("tensors") == []  # nothing unreadable is recorded


def test_quiz_in_chinese_and_a_single_question(tmp_path, catalog, monkeypatch, capsys):
    argv = ("--lang", "zh", "quiz", "tensors", "--question", "dims")
    assert dltutor(tmp_path, *argv, stdin="2×3\n", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert "正确。" in out and "得分：1/1 正确" in out


def test_quiz_unknown_lesson_is_an_error(tmp_path, catalog, monkeypatch, capsys):
    assert dltutor(tmp_path, "quiz", "nope", monkeypatch=monkeypatch) == 1
    assert "no lesson with id 'nope'" in capsys.readouterr().err


def test_review_asks_what_is_due_and_reschedules_it(tmp_path, catalog, monkeypatch, capsys):
    an_hour_ago = time.time() - 3600
    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("tensors", "pick", "A", False, when=an_hour_ago)
        store.record_answer("tensors", "dims", "2x3", True, when=an_hour_ago)
        store.record_answer("tensors", "removed-question", "x", False, when=an_hour_ago)
    assert dltutor(tmp_path, "review", stdin="B\n", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 question to review.")  # the wrong one; not the removed one
    assert "Correct." in out and "Next review in" in out
    assert dltutor(tmp_path, "review", monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out.startswith("Nothing to review now. Next review in")


def test_progress_json_and_text(tmp_path, catalog, monkeypatch, capsys):
    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("tensors", "pick", "B", True)
        store.set_lesson_status("tensors", "done")
        store.add_time("tensors", 125)
        store.record_answer("retired", "q", "A", True)
    assert dltutor(tmp_path, "progress", "--json", monkeypatch=monkeypatch) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["lessons"] == {"total": 2, "done": 1, "started": 0}
    assert summary["answers"]["total"] == 2
    assert summary["parts"][0]["questions_correct"] == 1
    assert dltutor(tmp_path, "progress", monkeypatch=monkeypatch) == 0
    text = capsys.readouterr().out
    assert "Lessons: 1 of 2 done" in text and "Time: 2 min" in text
    assert "retired (1 answers)" in text and "--rename OLD NEW" in text
    argv = ("progress", "--rename", "retired", "numbers", "--json")
    assert dltutor(tmp_path, *argv, monkeypatch=monkeypatch) == 0
    assert json.loads(capsys.readouterr().out)["orphans"] == []


def test_export_then_import_into_another_data_dir(tmp_path, catalog, monkeypatch, capsys):
    with ProgressStore.open(data_dir=tmp_path / "a") as store:
        store.record_answer("tensors", "pick", "B", True)
    export = tmp_path / "progress.json"
    assert dltutor(tmp_path / "a", "export", str(export), monkeypatch=monkeypatch) == 0
    assert "Exported 1 answers" in capsys.readouterr().err
    assert dltutor(tmp_path / "b", "import", str(export), monkeypatch=monkeypatch) == 0
    assert "1 answers" in capsys.readouterr().out
    assert dltutor(tmp_path / "b", "import", str(export), monkeypatch=monkeypatch) == 0
    assert "Nothing new" in capsys.readouterr().out
    (tmp_path / "junk.json").write_text("{}")
    assert (
        dltutor(tmp_path / "b", "import", str(tmp_path / "junk.json"), monkeypatch=monkeypatch) == 1
    )
    assert "not a dltutor progress export" in capsys.readouterr().err


def test_reset_asks_first_and_keeps_a_backup(tmp_path, catalog, monkeypatch, capsys):
    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("tensors", "pick", "B", True)
        store.record_answer("numbers", "half", "0.5", True)
    assert dltutor(tmp_path, "reset", stdin="no\n", monkeypatch=monkeypatch) == 1
    assert "Nothing was deleted." in capsys.readouterr().out
    assert dltutor(tmp_path, "reset", "tensors", "--yes", monkeypatch=monkeypatch) == 0
    assert "Deleted the progress of lesson 'tensors'" in capsys.readouterr().out
    assert dltutor(tmp_path, "reset", stdin="yes\n", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert store.counts()["answers"] == 0
    backup = out.split("A backup was saved first: ")[1].split()[0]
    assert dltutor(tmp_path, "import", backup, monkeypatch=monkeypatch) == 0
    with ProgressStore.open(data_dir=tmp_path) as store:
        assert [a["answer"] for a in store.answers("numbers")] == ["0.5"]
    assert dltutor(tmp_path / "empty", "reset", "--yes", monkeypatch=monkeypatch) == 0
    assert "Nothing to reset" in capsys.readouterr().out


def test_commands_report_a_moved_aside_database(tmp_path, catalog, monkeypatch, capsys):
    path = tmp_path / "profiles" / "default.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 100)
    assert dltutor(tmp_path, "progress", monkeypatch=monkeypatch) == 0
    assert "was not a SQLite database. It was moved to" in capsys.readouterr().err


def test_bad_profile_name_is_an_error(tmp_path, catalog, monkeypatch, capsys):
    assert dltutor(tmp_path, "--profile", "a/b", "progress", monkeypatch=monkeypatch) == 1
    assert "invalid profile name" in capsys.readouterr().err


def test_progress_review_and_reset_speak_chinese(tmp_path, catalog, monkeypatch, capsys):
    from rich.cells import cell_len

    with ProgressStore.open(data_dir=tmp_path) as store:
        store.record_answer("tensors", "pick", "B", True)
        store.record_answer("numbers", "half", "0.7", False)
    assert dltutor(tmp_path, "--lang", "zh", "progress", monkeypatch=monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "作答：2 次，正确率 50%" in lines[2]
    assert "连续学习：1 天" in lines[1]
    table = lines[lines.index("") + 1 :]
    assert table[0].split() == ["部分", "课程", "题目", "正确率", "时间"]
    # the second column starts at the same terminal cell on every row (CJK counts two)
    starts = {cell_len(row[: row.index(row.split()[1], len(row.split()[0]))]) for row in table}
    assert len(starts) == 1

    assert dltutor(tmp_path, "--lang", "zh", "review", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert out == "现在没有要复习的题目。下次复习：10 分钟后。\n"  # a wrong answer comes back soon

    assert dltutor(tmp_path, "--lang", "zh", "reset", stdin="no\n", monkeypatch=monkeypatch) == 1
    out = capsys.readouterr().out
    assert out.startswith("这将删除档案 default 的进度：2 次作答，0 次练习提交，2 课的状态和时长。")
    assert "没有删除任何内容。" in out
