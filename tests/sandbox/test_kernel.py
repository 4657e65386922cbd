"""The kernel as lessons use it: state, streaming, displays, interrupts, reset, errors."""

import os
import re
import threading
import time

from sandbox_helpers import TEST_LIMITS, assert_usable, processes_with, stdout_of

from tutor.sandbox import Kernel, Limits


def test_state_is_kept_across_cells(kernel):
    assert kernel.execute("counter = 41").status == "ok"
    result = kernel.execute("counter += 1\nprint(counter)")
    assert result.status == "ok"
    assert stdout_of(result) == "42\n"


def test_final_expression_is_echoed_like_a_notebook(kernel):
    assert stdout_of(kernel.execute("3 * 5")) == "15\n"
    assert stdout_of(kernel.execute("3 * 5", echo=False)) == ""


def test_numpy_is_preloaded_and_show_events_stream(kernel):
    result = kernel.execute(
        "import sys\nassert 'numpy' in sys.modules\n"
        "from tutor import show\nimport numpy as np\n"
        "show.heatmap(np.eye(2), title='I')\nshow.curve(1, train=float('nan'))"
    )
    assert result.status == "ok", result.message
    kinds = [e["kind"] for e in result.events]
    assert kinds == ["heatmap", "curve"]
    assert result.events[0]["data"] == [[1.0, 0.0], [0.0, 1.0]]
    assert result.events[1]["values"] == {"train": None}


def test_events_arrive_while_the_cell_is_still_running(kernel):
    seen_before_end = []

    def on_event(event):
        # the cell waits for this file before finishing: it can only appear if we got the event
        if event["kind"] == "stream" and "started" in event["text"]:
            seen_before_end.append(event)
            kernel.execute  # noqa: B018 - the kernel is busy; signal through the file system
            open(flag, "w").close()

    flag = os.path.join(kernel._proc.scratch, "go")
    code = (
        "import os, time\nprint('started', flush=True)\n"
        "t = time.monotonic()\n"
        "while not os.path.exists('go') and time.monotonic() - t < 1.5: time.sleep(0.01)\n"
        "print('saw go' if os.path.exists('go') else 'no go')"
    )
    result = kernel.execute(code, on_event=on_event)
    assert seen_before_end
    assert "saw go" in stdout_of(result)


def test_order_of_prints_and_displays_is_kept(kernel):
    result = kernel.execute("from tutor import show\nprint('a')\nshow.markdown('b')\nprint('c')")
    order = [e.get("text", "").strip() for e in result.events]
    assert order == ["a", "b", "c"]


def test_interrupt_from_another_thread_keeps_state(kernel):
    kernel.execute("kept = 'yes'")
    timer = threading.Timer(0.3, kernel.interrupt)
    timer.start()
    result = kernel.execute("import time\nwhile True: time.sleep(0.01)", timeout=10)
    timer.join()
    assert result.status == "interrupted"
    assert not result.kernel_reset
    assert "state kept" in result.message
    assert stdout_of(kernel.execute("print(kept)")) == "yes\n"


def test_reset_gives_fresh_state(kernel):
    kernel.execute("leftover = 1")
    kernel.reset()
    result = kernel.execute("leftover")
    assert result.status == "error"
    assert result.error["ename"] == "NameError"
    assert_usable(kernel)


def test_error_traceback_is_trimmed_to_the_learners_code(kernel):
    result = kernel.execute(
        "import numpy as np\ndef layer(x, w):\n    return x @ w\nlayer(np.ones((2, 3)), np.ones((4, 5)))",
        name="<cell 7>",
    )
    assert result.status == "error"
    tb = result.error["traceback"]
    assert 'File "<cell 7>", line 4' in tb and 'File "<cell 7>", line 3, in layer' in tb
    assert "worker.py" not in tb and "tutor/sandbox" not in tb
    assert "x: (2, 3)" in result.error["explanation"]
    assert "w: (4, 5)" in result.error["explanation"]


def test_the_explanation_comes_in_the_language_the_cell_was_run_in(kernel):
    cell = "import numpy as np\nnp.ones((2, 3)) @ np.ones((4, 5))"
    english = kernel.execute(cell).error["explanation"]
    chinese = kernel.execute(cell, lang="zh").error["explanation"]
    assert "Matrix" in english and not re.search(r"[\u4e00-\u9fff]", english)
    assert re.search(r"[\u4e00-\u9fff]", chinese) and "矩阵" in chinese
    # the kernel keeps its own default for the next cell
    assert kernel.execute(cell).error["explanation"] == english


def test_syntax_error_shows_the_line(kernel):
    result = kernel.execute("x = (1 +\n", name="<cell s>")
    assert result.status == "error"
    assert result.error["ename"] == "SyntaxError"
    assert "<cell s>" in result.error["traceback"]


def test_language_setting_reaches_the_kernel():
    with Kernel(
        limits=TEST_LIMITS, preload=(), env_extra={"DLTUTOR_LANG": "zh"}, warm_spare=False
    ) as k:
        assert stdout_of(k.execute("import os\nprint(os.environ['DLTUTOR_LANG'])")) == "zh\n"


def test_kernel_can_import_the_apps_packages(kernel):
    result = kernel.execute("import kernels, tutor.show, lessons\nprint('ok')")
    assert result.status == "ok", result.message


def test_close_kills_every_process(fresh_kernel):
    marker = f"{os.getpid() % 1000}4242.5"
    result = fresh_kernel.execute(
        f"import subprocess\np = subprocess.Popen(['sleep', '{marker}'], start_new_session=True)"
    )
    assert result.status == "ok", result.message
    # the child's command line shows up in /proc a moment after Popen returns
    for _ in range(200):
        if processes_with(marker):
            break
        time.sleep(0.01)
    assert processes_with(marker)
    fresh_kernel.close()
    assert not processes_with(marker)


def test_missing_preload_module_does_not_stop_the_kernel():
    with Kernel(limits=TEST_LIMITS, preload=("no_such_module_xyz",), warm_spare=False) as k:
        assert_usable(k)


def test_limits_defaults_match_the_contract():
    limits = Limits()
    assert (limits.timeout, limits.memory_mb, limits.max_procs) == (30.0, 2048, 64)
    assert (limits.max_output_bytes, limits.max_file_mb, limits.grace) == (2_000_000, 64, 1.0)


def test_the_ui_side_never_imports_torch():
    import subprocess
    import sys

    code = (
        "import sys, tutor.sandbox, tutor.cli.exec_cmd, tutor.cli.doctor_cmd\n"
        "from tutor.sandbox import Kernel\n"
        "with Kernel(preload=('numpy', 'torch'), warm_spare=False) as k:\n"
        "    assert k.execute('import torch').status == 'ok'\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


def test_extra_readable_directories_can_be_granted(tmp_path):
    data = tmp_path / "pack"
    data.mkdir()
    (data / "points.txt").write_text("1 2 3")
    code = f"print(open({str(data / 'points.txt')!r}).read())"
    with Kernel(limits=TEST_LIMITS, preload=(), warm_spare=False, readable=(data,)) as k:
        granted = k.execute(code)
        written = k.execute(f"open({str(data / 'new.txt')!r}, 'w')")
        landlock = k.layers.get("landlock_fs") is True
    assert stdout_of(granted) == "1 2 3\n"
    if landlock:
        assert written.status == "error"  # read-only grant


def test_reset_interrupts_a_cell_running_in_another_thread(fresh_kernel):
    results = []
    worker = threading.Thread(
        target=lambda: results.append(fresh_kernel.execute("while True: pass", timeout=60))
    )
    worker.start()
    for _ in range(200):  # until the cell is running
        if fresh_kernel._executing:
            break
        time.sleep(0.01)
    time.sleep(0.2)
    fresh_kernel.reset()
    worker.join(timeout=10)
    assert results and results[0].status == "interrupted"
    assert_usable(fresh_kernel)


def test_a_spare_killed_from_outside_is_replaced(kernel):
    import signal

    spare = kernel._spare
    assert spare is not None
    spare.wait_ready()  # a ready spare that dies later must not be handed out either
    os.killpg(spare.pid, signal.SIGKILL)
    spare.popen.wait()
    kernel.reset()
    assert_usable(kernel)
