"""Resource limits for one kernel, and how to say them in words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one cell (and the kernel running it) may use. Lessons may raise these."""

    timeout: float = 30.0  # seconds of wall time per cell
    memory_mb: int = 2048  # data segment of each kernel process (heap, arrays, stacks)
    max_procs: int = 64  # processes and threads the kernel may run at once
    max_output_bytes: int = 2_000_000  # stdout + stderr per cell; the rest is cut off
    max_file_mb: int = 64  # largest file the kernel may write
    grace: float = 1.0  # seconds between SIGINT and SIGKILL when a cell ignores SIGINT


def mebibytes(mb: float) -> str:
    """2048 -> '2 GiB', 256 -> '256 MiB'."""
    if mb >= 1024 and mb % 1024 == 0:
        return f"{int(mb // 1024)} GiB"
    if mb >= 1024:
        return f"{mb / 1024:.1f} GiB"
    return f"{int(mb)} MiB"


def byte_size(n: int) -> str:
    """2_000_000 -> '2 MB'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1000:
        return f"{n / 1000:g} kB"
    return f"{n} bytes"


def seconds(s: float) -> str:
    return f"{s:g} s"
