"""The wheel carries the lessons and kernels: an installed dltutor finds every lesson anywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # build from a copy, so no build/ directory is left in (or reused from) the checkout
    src = tmp_path_factory.mktemp("src")
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("tutor", "kernels", "lessons"):
        shutil.copytree(ROOT / name, src / name, ignore=junk)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("dltutor-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contains_lessons_kernels_and_topics(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    lesson_files = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "lessons").rglob("*.yaml")
    )
    assert "lessons/topics.yaml" in names
    missing = [f for f in lesson_files if f not in names]
    assert not missing, f"lesson files missing from the wheel: {missing}"
    assert any(n.startswith("kernels/") and n.endswith(".py") for n in names)
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_installed_copy_lists_every_lesson_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import sys; sys.path.insert(0, sys.argv[1]); from tutor.cli import main; sys.exit(main(['list', '--json']))"
    env = {k: v for k, v in os.environ.items() if k != "DLTUTOR_LESSONS"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    repo_lessons = json.loads(
        subprocess.run(
            [sys.executable, "-m", "tutor", "list", "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    )
    assert {le["id"] for le in listed} == {le["id"] for le in repo_lessons}
    assert all(le["path"].startswith(str(target)) for le in listed), (
        "lessons came from the checkout"
    )
