"""Helpers shared by the sandbox tests."""

from tutor.sandbox import Limits

# small limits keep the hostile suite fast and gentle on a shared machine
TEST_LIMITS = Limits(
    timeout=2.0, memory_mb=256, max_procs=32, max_output_bytes=200_000, max_file_mb=1, grace=0.5
)


def stdout_of(result) -> str:
    return "".join(
        e["text"] for e in result.events if e["kind"] == "stream" and e["name"] == "stdout"
    )


def all_text(result) -> str:
    return "".join(e["text"] for e in result.events if e["kind"] == "stream")


def assert_usable(kernel) -> None:
    """The kernel (or its replacement) still runs cells."""
    result = kernel.execute("print(6 * 7)")
    assert result.status == "ok", result.message
    assert stdout_of(result) == "42\n"


def processes_with(marker: str) -> list[int]:
    """Processes (anywhere on the machine) whose command line contains marker."""
    import os

    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found
