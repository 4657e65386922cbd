"""One kernel process tree as the tutor sees it: pipes, a scratch directory, signals, death.

Spawning is cheap (the slow part, importing numpy/torch, happens in the child); a process is
"ready" once its `_ready` event has arrived.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from tutor.sandbox import paths
from tutor.sandbox.limits import Limits

_BOOT = (
    "import sys, json; c = json.loads(sys.argv[1]); sys.path[:0] = c['sys_path']; "
    "from tutor.sandbox.boot import main; main()"
)
READ_CHUNK = 1 << 16
SYSTEM_BIN = ("/usr/local/bin", "/usr/bin", "/bin")
POLL_INTERVAL = 0.05  # seconds, only where pidfds are missing
MAX_EVENT_LINE = 16_000_000  # bytes: the largest event the tutor accepts
READS_PER_CALL = 8  # so a flooding kernel cannot keep read_events() busy forever
SUPERVISOR_KILL_WAIT = 3.0  # seconds the supervisor gets to kill a forking tree

_readable_cache: dict[tuple, list[str]] = {}


def _readable() -> list[str]:
    """The read-only grants; recomputed when the protected directories change (DLTUTOR_HOME)."""
    key = tuple(paths.protected_dirs())
    if key not in _readable_cache:
        _readable_cache[key] = paths.readable_dirs()
    return _readable_cache[key]


def scrubbed_env(scratch: str, env_extra: dict[str, str] | None) -> dict[str, str]:
    """The kernel's whole environment: nothing inherited but a few harmless settings."""
    # One math thread by default: lesson workloads are small, and on a busy 2-core laptop a
    # second BLAS/torch thread made them 10-30x slower (threads spin waiting for each other).
    # A cell that trains something larger may call torch.set_num_threads(2).
    threads = os.environ.get("DLTUTOR_KERNEL_THREADS", "1")
    env = {
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), *SYSTEM_BIN]),
        "HOME": scratch,
        "TMPDIR": os.path.join(scratch, "tmp"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "DLTUTOR_KERNEL": "1",
    }
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = threads
    if "TZ" in os.environ:
        env["TZ"] = os.environ["TZ"]
    env.update(env_extra or {})
    return env


def _alive(pid: int) -> bool:
    """Running or sleeping (a zombie is dead: it only waits to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _wait_gone(pids: list[int], timeout: float = 2.0) -> None:
    """SIGKILL is asynchronous; close() promises the processes are gone when it returns."""
    deadline = time.monotonic() + timeout
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.005)


@dataclass
class Exit:
    """How a kernel process ended."""

    code: int | None = None
    signal: int | None = None
    procs: bool = False  # the supervisor killed it for running too many processes


@dataclass
class KernelProcess:
    limits: Limits
    preload: tuple[str, ...]
    cwd: str | None
    env_extra: dict[str, str] | None
    extra_readable: tuple[str, ...] = ()
    scratch: str = ""
    layers: dict = field(default_factory=dict)
    preload_failed: dict = field(default_factory=dict)
    ready: bool = False
    kernel_pid: int | None = None  # the kernel's pid and process group, from the supervisor
    event_bytes: int = 0  # bytes of events read so far
    oversized: int = 0  # event lines dropped for their size
    exit: Exit | None = None
    killed: bool = False
    released: bool = False
    life_fd: int | None = None

    def spawn(self) -> None:
        self.scratch = tempfile.mkdtemp(prefix="dltutor-kernel-")
        os.mkdir(os.path.join(self.scratch, "tmp"))
        cwd = self.cwd or self.scratch
        evt_r, evt_w = os.pipe()
        req_r, req_w = os.pipe()
        life_r, life_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        config = {
            "sys_path": sorted({str(p.parent) for p in paths.package_roots()}),
            "evt_fd": evt_w,
            "req_fd": req_r,
            "life_fd": life_r,
            "cwd": cwd,
            "scratch": self.scratch,
            "preload": list(self.preload),
            "limits": self.limits.__dict__,
            "readable": _readable() + paths.allowed(self.extra_readable),
            "writable": paths.writable_paths(self.scratch, self.cwd),
            # for tests and diagnosis: layers to leave off, e.g. "namespaces,landlock,seccomp"
            "disable": os.environ.get("DLTUTOR_SANDBOX_DISABLE", "").replace(" ", "").split(","),
        }
        try:
            self.popen = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", _BOOT, json.dumps(config)],
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                pass_fds=(evt_w, req_r, life_r),
                start_new_session=True,
                env=scrubbed_env(self.scratch, self.env_extra),
                cwd=self.scratch,
            )
        finally:
            for fd in (evt_w, req_r, life_r, out_w, err_w):
                os.close(fd)
        self.evt_fd, self.req_fd, self.life_fd = evt_r, req_w, life_w
        self.raw_fds = {out_r: "stdout", err_r: "stderr"}
        self.decoders = {
            fd: codecs.getincrementaldecoder("utf-8")("replace") for fd in self.raw_fds
        }
        # a pidfd turns "the supervisor exited" into a readable descriptor (Linux 5.3+);
        # elsewhere the tutor polls
        self.pidfd = os.pidfd_open(self.popen.pid) if hasattr(os, "pidfd_open") else None
        for fd in (evt_r, out_r, err_r):
            os.set_blocking(fd, False)
        self.selector = selectors.DefaultSelector()
        for fd in (evt_r, out_r, err_r, self.pidfd):
            if fd is not None:
                self.selector.register(fd, selectors.EVENT_READ)
        self.pending = b""

    @property
    def pid(self) -> int:
        return self.popen.pid

    def wait(self, seconds: float) -> list:
        """selector.select, waking at least every POLL_INTERVAL where there is no pidfd."""
        if self.pidfd is None:
            seconds = min(seconds, POLL_INTERVAL)
        return self.selector.select(max(seconds, 0))

    def exited(self, ready: list) -> bool:
        if self.pidfd is not None:
            return any(key.fd == self.pidfd for key, _ in ready)
        return self.dead()

    # -- talking ----------------------------------------------------------------------------------
    def send(self, request: dict) -> None:
        data = (json.dumps(request) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.req_fd, view) :]

    def read_events(self) -> list[dict]:
        """Whole JSON lines the event pipe holds now (never blocks, reads a bounded amount).

        The pipe is writable by the cell, so nothing it carries is trusted: malformed lines
        are skipped, and a line longer than MAX_EVENT_LINE is dropped (counted in
        `oversized`) instead of growing in the tutor's memory.
        """
        for _ in range(READS_PER_CALL):
            try:
                chunk = os.read(self.evt_fd, READ_CHUNK * 16)
            except OSError:
                break
            if not chunk:
                break
            self.pending += chunk
        if b"\n" not in self.pending:
            if len(self.pending) > MAX_EVENT_LINE:
                self.pending = b""
                self.oversized += 1
            return []
        *lines, self.pending = self.pending.split(b"\n")
        events = []
        for line in lines:
            if not line:
                continue
            self.event_bytes += len(line)
            if len(line) > MAX_EVENT_LINE:
                self.oversized += 1
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                events.append(event)
        return events

    def read_raw(self, fd: int) -> str:
        """Text written straight to descriptor 1 or 2 (C code, subprocesses)."""
        parts = []
        while True:
            try:
                chunk = os.read(fd, READ_CHUNK)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(fd)
                break
            parts.append(self.decoders[fd].decode(chunk))
            if len(parts) > 16:
                break  # let the caller deliver (and count) before reading on
        return "".join(parts)

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the kernel did not start in time")
            ready = self.wait(remaining)
            for key, _ in ready:
                if key.fd in self.raw_fds:
                    self.read_raw(key.fd)  # start-up noise (e.g. warnings) is dropped
            if self.exited(ready):
                self.read_events()
                raise RuntimeError(f"the kernel failed to start: {self.startup_error()}")
            for event in self.read_events():
                self.absorb(event)

    def absorb(self, event: dict) -> bool:
        """Handle the supervisor's and kernel's own messages; False for anything else."""
        kind = event.get("kind")
        if kind == "_kernel":
            self.kernel_pid = int(event["pid"])
        elif kind == "_ready":
            self.ready = True
            self.layers = event.get("layers", {})
            self.preload_failed = event.get("preload_failed", {})
        elif kind == "_exit":
            self.exit = self.exit or Exit()
            self.exit.code, self.exit.signal = event.get("code"), event.get("signal")
        elif kind == "_procs":
            self.exit = self.exit or Exit()
            self.exit.procs = True
        else:
            return False
        return True

    def startup_error(self) -> str:
        self.popen.wait()
        text = ""
        for fd in self.raw_fds:
            text += self.read_raw(fd)
        return text.strip().splitlines()[-1] if text.strip() else f"exit {self.popen.returncode}"

    # -- signals and death ------------------------------------------------------------------------
    def interrupt(self) -> None:
        """SIGINT to the kernel's process group: the cell and whatever it started."""
        if self.kernel_pid is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.kernel_pid, signal.SIGINT)

    def dead(self) -> bool:
        return self.popen.poll() is not None

    def kill(self) -> None:
        """SIGKILL the whole tree and free everything; safe to call twice."""
        self.terminate()
        self.release()

    def terminate(self) -> None:
        """SIGKILL the whole tree and wait for it; descriptors stay open (see release)."""
        if self.killed:
            return
        self.killed = True
        from tutor.sandbox.isolation import process_tree

        if self.popen.poll() is None and self.ready and self.layers.get("pidns") is not True:
            # no PID namespace to take every process down with the kernel: the supervisor
            # (subreaper of all of them) kills the tree until it stops growing, then exits
            self._close_life_pipe()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=SUPERVISOR_KILL_WAIT)
        if self.popen.poll() is None:
            victims = process_tree(self.popen.pid)
            for group in (self.kernel_pid, self.popen.pid):
                if group is not None:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(group, signal.SIGKILL)
            for pid in victims:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            _wait_gone(victims)
        self._close_life_pipe()
        self.popen.wait()

    def release(self) -> None:
        """Close the descriptors (each exactly once: a number closed twice could by then
        belong to another kernel) and remove the scratch directory."""
        if self.released:
            return
        self.released = True
        self._close_life_pipe()
        self.selector.close()
        for fd in (self.evt_fd, self.req_fd, self.pidfd, *self.raw_fds):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _close_life_pipe(self) -> None:
        """EOF on the life pipe tells the supervisor to kill everything and exit."""
        if self.life_fd is not None:
            fd, self.life_fd = self.life_fd, None
            with contextlib.suppress(OSError):
                os.close(fd)
