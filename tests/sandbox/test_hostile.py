"""Hostile cells: each is contained, the test process is unharmed, and the kernel stays usable
(or is replaced by the warm spare, and says so).

Protections are asserted only where `kernel.layers` reports them active on this machine;
otherwise the test is skipped with the reason the layer is missing.
"""

import os
import socket
import uuid
from pathlib import Path

import pytest
from sandbox_helpers import TEST_LIMITS, all_text, assert_usable, processes_with, stdout_of

SHORT = 1.0  # seconds: timeout for cells that are expected to hang


def requires(kernel, *names):
    for name in names:
        state = kernel.layers.get(name)
        if state is not True:
            pytest.skip(f"isolation layer {name!r} is not active here: {state}")


def run(kernel, code, **kwargs):
    result = kernel.execute(code, **kwargs)
    assert result.status in {
        "ok",
        "error",
        "timeout",
        "memory",
        "output",
        "procs",
        "interrupted",
        "crashed",
    }
    return result


# -- runaway time -------------------------------------------------------------------------------
def test_infinite_loop_times_out_and_keeps_state(kernel):
    kernel.execute("survivor = 'still here'")
    result = run(kernel, "while True: pass", timeout=SHORT)
    assert result.status == "timeout"
    assert not result.kernel_reset and "state kept" in result.message
    assert stdout_of(kernel.execute("print(survivor)")) == "still here\n"


def test_loop_swallowing_keyboardinterrupt_is_killed_and_replaced(kernel):
    kernel.execute("survivor = 1")
    code = (
        "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
        "    except KeyboardInterrupt:\n        print('ignored')"
    )
    result = run(kernel, code, timeout=SHORT)
    assert result.status == "timeout"
    assert result.kernel_reset and "state was reset" in result.message
    assert "ignored" in stdout_of(result)  # it really did catch the interrupt
    assert kernel.execute("survivor").error["ename"] == "NameError"
    assert_usable(kernel)


def test_sigint_ignored_then_sleep_is_killed(kernel):
    code = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)"
    result = run(kernel, code, timeout=SHORT)
    assert result.status == "timeout" and result.kernel_reset
    assert_usable(kernel)


def test_long_sleep_in_c_is_interrupted(kernel):
    result = run(kernel, "import time\ntime.sleep(3600)", timeout=SHORT)
    assert result.status == "timeout" and not result.kernel_reset
    assert_usable(kernel)


def test_c_call_with_sigint_blocked_never_returns_so_is_killed(kernel):
    code = (
        "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})\n"
        "time.sleep(3600)"
    )
    result = run(kernel, code, timeout=SHORT)
    assert result.status == "timeout" and result.kernel_reset
    assert_usable(kernel)


def test_busy_non_daemon_threads_leave_the_kernel_usable(fresh_kernel):
    code = (
        "import threading\n"
        "def spin():\n    while True: pass\n"
        "for _ in range(3): threading.Thread(target=spin).start()\n"
        "print('started')"
    )
    result = run(fresh_kernel, code)
    assert result.status == "ok" and stdout_of(result) == "started\n"
    assert_usable(fresh_kernel)


# -- memory ---------------------------------------------------------------------------------------
def test_memory_bomb_is_stopped_by_the_memory_limit(kernel):
    result = run(kernel, "hoard = []\nwhile True: hoard.append(bytearray(10_000_000))")
    assert result.status == "memory"
    assert "256 MiB" in result.message
    kernel.execute("del hoard")
    assert_usable(kernel)


def test_huge_array_allocation_is_refused(kernel):
    result = run(kernel, "import numpy as np\nx = np.ones((50_000, 50_000))")
    assert result.status == "memory"
    assert_usable(kernel)


# -- processes ------------------------------------------------------------------------------------
def test_fork_bomb_is_contained(kernel):
    # exponential but bounded (at most 2**12 processes) in case containment were missing
    code = "import os\nfor _ in range(12):\n    os.fork()\nimport time\ntime.sleep(30)"
    result = run(kernel, code, timeout=5)
    assert result.status == "procs"
    assert result.kernel_reset
    assert_usable(kernel)


def test_many_subprocesses_hit_the_process_limit(kernel):
    marker = f"{uuid.uuid4().int % 10_000}.25"
    code = (
        f"import subprocess\nkids = [subprocess.Popen(['sleep', '{marker}']) for _ in range(100)]"
    )
    result = run(kernel, code, timeout=5)
    assert result.status == "procs" and result.kernel_reset
    assert_usable(kernel)
    assert not processes_with(marker)


def test_thread_bomb_hits_the_limit(kernel):
    code = (
        "import threading, time\n"
        "for _ in range(1000): threading.Thread(target=time.sleep, args=(30,), daemon=True).start()"
    )
    result = run(kernel, code, timeout=5)
    assert result.status == "procs"
    assert_usable(kernel)


def test_subprocess_is_stopped_with_the_cell(kernel):
    marker = f"{uuid.uuid4().int % 10_000}.75"
    result = run(kernel, f"import subprocess\nsubprocess.run(['sleep', '{marker}'])", timeout=SHORT)
    assert result.status == "timeout"
    assert not processes_with(marker)
    assert_usable(kernel)


def test_escaped_session_dies_with_the_kernel(kernel):
    marker = f"{uuid.uuid4().int % 10_000}.5"
    kernel.execute(
        f"import subprocess\nsubprocess.Popen(['sleep', '{marker}'], start_new_session=True)"
    )
    _wait_until(lambda: processes_with(marker))
    assert processes_with(marker)
    kernel.reset()
    _wait_until(lambda: not processes_with(marker))
    assert not processes_with(marker)


# -- recursion and crashes ------------------------------------------------------------------------
def test_deep_recursion_is_an_ordinary_error(kernel):
    result = run(kernel, "def f(n): return f(n + 1)\nf(0)")
    assert result.status == "error" and result.error["ename"] == "RecursionError"
    assert_usable(kernel)


def test_c_stack_overflow_crashes_only_the_kernel(kernel):
    # each getattr goes through C, so this recursion grows the C stack until it overflows
    code = (
        "import sys\nsys.setrecursionlimit(10**7)\nclass Loop:\n"
        "    def __getattr__(self, name):\n        return getattr(self, name)\nLoop().x"
    )
    result = run(kernel, code, timeout=10)
    assert result.status in ("crashed", "error")  # error if this Python guards the C stack
    if result.status == "crashed":
        assert result.kernel_reset and "state was reset" in result.message
    assert_usable(kernel)


def test_ctypes_segfault_is_reported_in_words(kernel):
    result = run(kernel, "import ctypes\nctypes.string_at(0)")
    assert result.status == "crashed"
    assert "segmentation fault" in result.message and result.kernel_reset
    assert_usable(kernel)


def test_os_exit_is_a_crash_with_its_code(kernel):
    result = run(kernel, "import os\nos._exit(7)")
    assert result.status == "crashed" and "exit code 7" in result.message
    assert_usable(kernel)


def test_sys_exit_does_not_end_the_kernel(kernel):
    kernel.execute("kept = 5")
    assert run(kernel, "import sys\nsys.exit(0)").status == "ok"
    result = run(kernel, "import sys\nsys.exit(3)")
    assert result.status == "error" and "sys.exit(3)" in result.error["traceback"]
    assert stdout_of(kernel.execute("print(kept)")) == "5\n"


def test_killing_its_own_process_group(kernel):
    result = run(kernel, "import os, signal\nos.killpg(0, signal.SIGKILL)")
    # as PID 1 of its namespace the kernel is immune to its own SIGKILL; elsewhere it dies
    if kernel.layers.get("pidns") is True:
        assert result.status == "ok"
    else:
        assert result.status == "crashed" and result.kernel_reset
    assert_usable(kernel)


# -- output floods --------------------------------------------------------------------------------
def test_50_mb_print_is_truncated_with_a_notice(kernel):
    result = run(kernel, "print('x' * 50_000_000)")
    assert result.status == "output"
    text = all_text(result)
    assert len(text) < TEST_LIMITS.max_output_bytes + 1000
    assert "output truncated" in text
    assert_usable(kernel)


def test_10_mb_line_without_newline(kernel):
    result = run(kernel, "import sys\nsys.stdout.write('y' * 10_000_000)")
    assert result.status == "output"
    assert len(all_text(result)) < TEST_LIMITS.max_output_bytes + 1000
    assert_usable(kernel)


def test_endless_printing_loop_is_stopped(kernel):
    result = run(kernel, "i = 0\nwhile True:\n    print(i)\n    i += 1", timeout=10)
    assert result.status == "output"
    assert_usable(kernel)


def test_raw_descriptor_flood_bypassing_python(kernel):
    result = run(kernel, "import os\nwhile True: os.write(1, b'z' * 65536)", timeout=10)
    assert result.status == "output"
    assert len(all_text(result)) < TEST_LIMITS.max_output_bytes + 1000
    assert_usable(kernel)


def test_closing_stdout_and_its_descriptor(kernel):
    result = run(kernel, "import os, sys\nsys.stdout.close()\nos.close(1)\nos.close(2)\nprint('x')")
    assert result.status == "error"
    assert_usable(kernel)


def test_input_gets_end_of_file_instead_of_hanging(kernel):
    result = run(kernel, "input('name? ')")
    assert result.status == "error" and result.error["ename"] == "EOFError"


# -- files ----------------------------------------------------------------------------------------
def test_file_larger_than_the_limit(kernel):
    result = run(kernel, "with open('big.bin', 'wb') as f:\n    f.write(b'0' * 5_000_000)")
    assert result.status == "error"
    assert "File too large" in result.error["evalue"]
    assert_usable(kernel)


def test_writing_outside_the_scratch_directory(kernel, tmp_path):
    requires(kernel, "landlock_fs")
    target = tmp_path / "escaped.txt"
    result = run(kernel, f"open({str(target)!r}, 'w').write('x')")
    assert result.status == "error" and result.error["ename"] == "PermissionError"
    assert not target.exists()


def test_deleting_a_file_next_to_the_python_packages(kernel):
    requires(kernel, "landlock_fs")
    import numpy

    victim = Path(numpy.__file__).parent.parent / f"dltutor-probe-{uuid.uuid4().hex}.txt"
    victim.write_text("keep me")
    try:
        result = run(kernel, f"import os\nos.remove({str(victim)!r})")
        assert result.status == "error" and result.error["ename"] == "PermissionError"
        assert victim.read_text() == "keep me"
    finally:
        victim.unlink()


def test_reading_and_deleting_the_progress_database(tmp_path, monkeypatch):
    from tutor.sandbox import Kernel

    home = tmp_path / "dltutor-home"
    database = home / "profiles" / "default.sqlite3"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"SQLite format 3\x00 progress")
    monkeypatch.setenv("DLTUTOR_HOME", str(home))
    with Kernel(limits=TEST_LIMITS, preload=(), warm_spare=False) as k:
        requires(k, "landlock_fs")
        read = k.execute(f"open({str(database)!r}, 'rb').read()")
        delete = k.execute(f"import os\nos.remove({str(database)!r})")
        listing = k.execute(f"import os\nos.listdir({str(home)!r})")
    assert read.status == delete.status == listing.status == "error"
    assert read.error["ename"] == "PermissionError"
    assert database.read_bytes().startswith(b"SQLite format 3")


def test_home_directory_is_out_of_reach(kernel):
    requires(kernel, "landlock_fs")
    secret = Path.home() / f".dltutor-secret-{uuid.uuid4().hex}"
    secret.write_text("token")
    try:
        result = run(kernel, f"print(open({str(secret)!r}).read())")
        assert result.status == "error" and "token" not in all_text(result)
    finally:
        secret.unlink()


# -- environment, network, signals ----------------------------------------------------------------
def test_environment_secrets_are_not_inherited(monkeypatch):
    from tutor.sandbox import Kernel

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2-secret")
    with Kernel(limits=TEST_LIMITS, preload=(), warm_spare=False) as k:
        result = k.execute("import os\nprint(sorted(os.environ.items()))")
    assert result.status == "ok"
    assert "hunter2-secret" not in all_text(result)
    assert "AWS_SECRET_ACCESS_KEY" not in all_text(result)


def test_socket_to_a_loopback_listener_is_refused(kernel):
    requires(kernel, "netns")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    listener.settimeout(0.2)
    try:
        result = run(
            kernel, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)"
        )
        assert result.status == "error"
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_os_kill_on_the_tutor_process(kernel):
    requires(kernel, "pidns")
    result = run(kernel, f"import os, signal\nos.kill({os.getpid()}, signal.SIGTERM)")
    assert result.status == "error"
    assert result.error["ename"] in ("ProcessLookupError", "PermissionError")
    # its own parent, as it sees it: none (pid 0), so this is its own group, which as
    # PID 1 of the namespace it survives
    result = run(
        kernel, "import os, signal\nprint(os.getppid())\nos.kill(os.getppid(), signal.SIGKILL)"
    )
    assert stdout_of(result) == "0\n"
    assert result.status == "ok"
    assert_usable(kernel)


def test_reading_the_tutors_environ_through_proc(kernel):
    requires(kernel, "landlock_signal")
    result = run(kernel, f"open('/proc/{os.getpid()}/environ').read()")
    assert result.status == "error"


def test_ptrace_mount_and_bpf_fail_with_eperm(kernel):
    requires(kernel, "seccomp")
    import platform

    from tutor.sandbox.seccomp import BLOCKED

    column = 0 if platform.machine() == "x86_64" else 1
    calls = {name: BLOCKED[name][column] for name in ("ptrace", "mount", "bpf", "keyctl")}
    code = (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nfor name, nr in "
        f"{calls!r}.items():\n    print(name, libc.syscall(nr, 0, 0, 0, 0, 0), ctypes.get_errno())"
    )
    result = run(kernel, code)
    assert result.status == "ok"
    assert stdout_of(result).splitlines() == [f"{name} -1 1" for name in calls]


# -- helpers --------------------------------------------------------------------------------------
def _wait_until(condition, attempts: int = 100) -> None:
    import time

    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.02)


def test_display_flood_is_stopped(kernel):
    code = "from tutor import show\nwhile True: show.markdown('m' * 1_000_000)"
    result = run(kernel, code, timeout=20)
    assert result.status == "output"
    assert sum(len(e.get("text", "")) for e in result.events) < 60_000_000
    assert_usable(kernel)


def test_forged_endless_line_on_the_event_pipe(kernel):
    # the cell writes one line that never ends to every descriptor it has, the event pipe
    # among them: the tutor must not buffer it all
    code = (
        "import os\nchunk = b'x' * 1_000_000\nwhile True:\n    for fd in range(3, 64):\n"
        "        try: os.write(fd, chunk)\n        except OSError: pass"
    )
    result = run(kernel, code, timeout=20)
    assert result.status in ("output", "timeout")
    assert_usable(kernel)
