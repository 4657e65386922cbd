"""`dltutor exec` and `dltutor doctor` as a user runs them."""

import json
import signal
import subprocess
import sys

import pytest


def dltutor(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args], capture_output=True, text=True, timeout=60, **kwargs
    )


@pytest.mark.parametrize(
    "code, exit_code",
    [
        ("print('hello')", 0),
        ("import numpy as np\nnp.ones((2, 3)) @ np.ones((4, 5))", 1),
        ("while True: pass", 2),
        ("import ctypes\nctypes.string_at(0)", 3),
    ],
    ids=["ok", "error", "limit", "crash"],
)
def test_exit_codes(tmp_path, code, exit_code):
    script = tmp_path / "lesson.py"
    script.write_text(code)
    result = dltutor("exec", str(script), "--timeout", "1")
    assert result.returncode == exit_code, result.stderr


def test_error_output_is_trimmed_and_explained(tmp_path):
    script = tmp_path / "shapes.py"
    script.write_text("import numpy as np\nx = np.ones((2, 3))\ny = x @ np.ones((4, 5))\n")
    result = dltutor("exec", str(script))
    assert result.returncode == 1
    assert "line 3" in result.stderr and "inner dimensions" in result.stderr
    assert "worker.py" not in result.stderr


def test_json_prints_the_event_stream(tmp_path):
    script = tmp_path / "show.py"
    script.write_text("from tutor import show\nprint('a')\nshow.curve(1, train=0.5)\n")
    result = dltutor("exec", str(script), "--json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["kind"] for e in events] == ["stream", "curve", "result"]
    assert events[-1]["status"] == "ok"


def test_memory_option_sets_the_limit(tmp_path):
    script = tmp_path / "big.py"
    script.write_text("x = bytearray(400 * 1024 * 1024)\n")
    result = dltutor("exec", str(script), "--memory", "256")
    assert result.returncode == 2
    assert "256 MiB" in result.stderr


def test_sigint_interrupts_the_running_cell(tmp_path):
    script = tmp_path / "forever.py"
    script.write_text("import time\nprint('running', flush=True)\nwhile True: time.sleep(0.05)\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "exec", str(script), "--json"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert "running" in proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert json.loads(out.splitlines()[-1])["status"] == "interrupted"


def test_doctor_reports_layers_and_blocks_every_probe():
    result = dltutor("doctor", "--json")
    report = json.loads(result.stdout)
    assert "landlock_fs" in report["layers"] and "userns" in report["layers"]
    if report["layers"].get("landlock_fs") is not True:
        pytest.skip(f"Landlock is not active here: {report['layers'].get('landlock_fs')}")
    assert result.returncode == 0
    assert all(probe["blocked"] for probe in report["probes"]), report["probes"]


def test_doctor_table_names_what_each_layer_protects():
    result = dltutor("doctor")
    assert (
        "network namespace" in result.stdout
        and "what a hostile cell tried".lower() in result.stdout.lower()
    )
