"""With namespaces, Landlock and seccomp switched off (as on a machine without them), the
remaining layers still contain the worst cells: the supervisor's process watch, rlimits,
timeouts, the scrubbed environment, and killing everything on close."""

import os
import uuid

import pytest
from sandbox_helpers import TEST_LIMITS, assert_usable, processes_with

from tutor.sandbox import Kernel


@pytest.fixture(scope="module")
def bare_kernel():
    previous = os.environ.get("DLTUTOR_SANDBOX_DISABLE")
    os.environ["DLTUTOR_SANDBOX_DISABLE"] = "namespaces,landlock,seccomp"
    try:
        with Kernel(limits=TEST_LIMITS, preload=("numpy",)) as k:
            yield k
    finally:
        if previous is None:
            os.environ.pop("DLTUTOR_SANDBOX_DISABLE", None)
        else:
            os.environ["DLTUTOR_SANDBOX_DISABLE"] = previous


def test_layers_report_what_is_off(bare_kernel):
    layers = bare_kernel.layers
    assert "DLTUTOR_SANDBOX_DISABLE" in str(layers["userns"])
    assert "DLTUTOR_SANDBOX_DISABLE" in str(layers["landlock_fs"])
    assert layers["rlimits"] is True and layers["no_new_privs"] is True


def test_fork_bomb_is_stopped_and_leaves_nothing_behind(bare_kernel):
    marker = f"{uuid.uuid4().int % 10_000}.125"
    code = (
        "import os\nwhile True:\n    if os.fork() == 0:\n"
        f"        os.execvp('sleep', ['sleep', '{marker}'])"
    )
    result = bare_kernel.execute(code, timeout=10)
    assert result.status == "procs" and result.kernel_reset
    assert_usable(bare_kernel)
    assert not processes_with(marker)


def test_exponential_fork_bomb_is_contained(bare_kernel):
    # bounded (at most 2**10 processes) in case containment were missing
    code = "import os\nfor _ in range(10):\n    os.fork()\nimport time\ntime.sleep(30)"
    result = bare_kernel.execute(code, timeout=5)
    # the supervisor may be starved of CPU by the storm; then the timeout's SIGKILL of the
    # kernel's process group ends it
    assert result.status in ("procs", "timeout") and result.kernel_reset
    assert_usable(bare_kernel)


def test_memory_and_time_limits_still_hold(bare_kernel):
    assert bare_kernel.execute("x = bytearray(400 * 2**20)").status == "memory"
    assert bare_kernel.execute("while True: pass", timeout=0.5).status == "timeout"
    assert_usable(bare_kernel)


def test_segfault_is_still_reported(bare_kernel):
    result = bare_kernel.execute("import ctypes\nctypes.string_at(0)")
    assert result.status == "crashed" and "segmentation fault" in result.message
    assert_usable(bare_kernel)
