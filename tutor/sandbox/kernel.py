"""Kernel: run learner code in a sandboxed, warm, interruptible process with notebook semantics.

    with Kernel(limits=Limits(timeout=5), preload=("numpy",)) as k:
        r = k.execute("x = 1 + 1\nprint(x)", on_event=print)
        r.status  # "ok" | "error" | "timeout" | "memory" | "output" | "procs" | "interrupted" | "crashed"

Cells share one namespace until reset(). A spare process is kept warm so reset() and the
recovery after a crash or an unresponsive cell take milliseconds, not an import of torch.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.sandbox.limits import Limits, byte_size, mebibytes, seconds
from tutor.sandbox.process import KernelProcess

STATUSES = ("ok", "error", "timeout", "memory", "output", "procs", "interrupted", "crashed")
DISPLAY_BUDGET_MIN = 50_000_000  # bytes of display events per cell, at least
EXIT_OUT_OF_MEMORY = 86  # the kernel's own code ran out of memory (see tutor.sandbox.boot)

_SIGNAL_WORDS = {
    signal.SIGSEGV: "segmentation fault: native code crashed, or the C stack overflowed",
    signal.SIGBUS: "bus error in native code",
    signal.SIGABRT: "aborted by native code",
    signal.SIGILL: "illegal instruction in native code",
    signal.SIGFPE: "arithmetic fault in native code",
    signal.SIGKILL: "killed from outside (perhaps the machine ran out of memory)",
    signal.SIGTERM: "terminated by a signal",
}
_MEMORY_WORDS = (
    "can't allocate memory",
    "Unable to allocate",
    "not enough memory",
    "out of memory",
)


@dataclass
class ExecResult:
    status: str
    message: str = ""
    error: dict | None = None
    duration: float = 0.0
    events: list[dict] = field(default_factory=list)
    kernel_reset: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Kernel:
    def __init__(
        self,
        limits: Limits | None = None,
        preload: tuple[str, ...] = ("numpy",),
        cwd: str | None = None,
        env_extra: dict[str, str] | None = None,
        warm_spare: bool = True,
        readable: tuple[str, ...] = (),
    ) -> None:
        """readable: extra directories the kernel may read (e.g. a course pack's data)."""
        self.limits = limits or Limits()
        self.preload = tuple(preload)
        self.cwd = os.fspath(cwd) if cwd is not None else None
        self.env_extra = dict(env_extra or {})
        self.warm_spare = warm_spare
        self.readable = tuple(os.fspath(p) for p in readable)
        self._proc: KernelProcess | None = None
        self._spare: KernelProcess | None = None
        # one cell at a time; also held while starting, so close() never frees descriptors
        # another thread is still selecting on (reentrant: start() runs inside execute())
        self._run_lock = threading.RLock()
        self._state_lock = threading.Lock()  # guards _proc/_spare swaps
        self._running: KernelProcess | None = None
        self._interrupt_requested = False
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._request_id = 0
        self._closed = False
        self._reapers: list[threading.Thread] = []
        self._executing = False

    # -- lifecycle --------------------------------------------------------------------------------
    def _spawn(self) -> KernelProcess:
        proc = KernelProcess(self.limits, self.preload, self.cwd, self.env_extra, self.readable)
        proc.spawn()
        return proc

    def start(self) -> None:
        """Start the kernel (and its warm spare); returns once the kernel is ready."""
        with self._run_lock:
            self._start()

    def _start(self) -> None:
        if self._closed:
            raise RuntimeError("this kernel has been closed")
        with self._state_lock:
            if self._proc is None:
                self._proc = self._spare or self._spawn()
                self._spare = None
            proc = self._proc
            if self.warm_spare and self._spare is None:
                self._spare = self._spawn()
        try:
            if proc.dead():
                raise RuntimeError("the kernel process is gone")
            proc.wait_ready()
        except (RuntimeError, TimeoutError):
            if self._closed:
                raise
            # a spare that died while waiting (killed from outside, say): one fresh try
            with self._state_lock:
                proc.kill()
                proc = self._proc = self._spawn()
            proc.wait_ready()

    @property
    def layers(self) -> dict:
        """The isolation layers active in the running kernel (see tutor.sandbox.isolation)."""
        self.start()
        assert self._proc is not None
        return dict(self._proc.layers)

    @property
    def pid(self) -> int | None:
        """The supervisor's pid (also the kernel's process group)."""
        return self._proc.pid if self._proc else None

    def _replace(self, wait: bool) -> None:
        """Swap in the warm spare; the old process tree is killed in the background."""
        with self._state_lock:
            old, self._proc = self._proc, self._spare
            self._spare = None
            if self._proc is not None and self.warm_spare and not self._closed:
                self._spare = self._spawn()
        if old is not None:
            reaper = threading.Thread(target=old.kill, name="dltutor-kernel-reaper", daemon=True)
            reaper.start()
            self._reapers = [r for r in self._reapers if r.is_alive()] + [reaper]
        if wait and not self._closed:
            self.start()

    def reset(self) -> None:
        """Fresh state: the warm spare takes over (milliseconds when it is ready).

        A cell still running in another thread is interrupted first.
        """
        if self._executing:
            self.interrupt()
        with self._run_lock:
            self._replace(wait=True)

    def interrupt(self) -> None:
        """Stop the running cell (thread-safe): KeyboardInterrupt now, SIGKILL after the grace."""
        self._interrupt_requested = True
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._wake_w, b"!")

    def close(self) -> None:
        """Kill the kernel, the spare and every process they started."""
        self._closed = True
        self.interrupt()
        with self._state_lock:
            procs = [p for p in (self._proc, self._spare) if p is not None]
            self._proc = self._spare = None
        for proc in procs:
            proc.terminate()  # a cell running in another thread now ends at once
        for reaper in self._reapers:  # replaced kernels still being killed in the background
            reaper.join(timeout=5)
        with self._run_lock:
            for proc in procs:
                proc.release()
            for fd in (self._wake_r, self._wake_w):
                with contextlib.suppress(OSError):
                    os.close(fd)

    def __enter__(self) -> Kernel:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            with contextlib.suppress(Exception):
                self.close()

    # -- running cells ----------------------------------------------------------------------------
    def execute(
        self,
        code: str,
        on_event: Callable[[dict], None] | None = None,
        timeout: float | None = None,
        name: str = "<cell>",
        echo: bool = True,
        lang: str = "en",
    ) -> ExecResult:
        """Run one cell; events stream to on_event (in this thread) while it runs.

        echo=True shows the value of a final expression, like a notebook; `dltutor exec`
        runs files with echo=False, like `python FILE.py`. `lang` ("en"/"zh") is the language
        of this cell's error explanations: each cell may differ (the learner switched).
        """
        with self._run_lock:
            self.start()
            assert self._proc is not None
            self._executing = True
            try:
                return _CellRun(self, self._proc, on_event, timeout).run(code, name, echo, lang)
            finally:
                self._executing = False


class _CellRun:
    """The state of one execute() call: reading events, enforcing limits, deciding the status."""

    def __init__(self, kernel: Kernel, proc: KernelProcess, on_event, timeout) -> None:
        self.kernel = kernel
        self.proc = proc
        self.limits = kernel.limits
        self.on_event = on_event
        self.timeout = self.limits.timeout if timeout is None else timeout
        self.events: list[dict] = []
        self.error: dict | None = None
        self.output_used = 0
        self.output_exceeded = False
        self.stop_reason: str | None = None  # why we sent SIGINT: timeout/interrupted/output
        # displays have their own, larger budget: a training loop may send many curve points
        self.display_budget = max(DISPLAY_BUDGET_MIN, 25 * self.limits.max_output_bytes)
        self.event_bytes_at_start = proc.event_bytes
        self.kill_at: float | None = None
        self.killed_by_us = False

    def deliver(self, event: dict) -> None:
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def deliver_text(self, name: str, text: str) -> None:
        if self.output_exceeded or not text:
            return
        size = len(text.encode("utf-8", "replace"))
        remaining = self.limits.max_output_bytes - self.output_used
        if size > remaining:
            text = text.encode("utf-8", "replace")[: max(remaining, 0)].decode("utf-8", "ignore")
            self.output_used = self.limits.max_output_bytes
            if text:
                self.deliver({"kind": "stream", "name": name, "text": text})
            self.exceed_output()
            self.stop("output")
            return
        self.output_used += size
        self.deliver({"kind": "stream", "name": name, "text": text})

    def exceed_output(self) -> None:
        if self.output_exceeded:
            return
        self.output_exceeded = True
        limit = byte_size(self.limits.max_output_bytes)
        self.deliver(
            {
                "kind": "stream",
                "name": "stderr",
                "text": f"\n[output truncated: the cell printed more than {limit}; "
                "the rest was cut off and the cell was stopped]\n",
            }
        )

    def check_display_volume(self) -> None:
        """Displays past their budget, or one absurdly large, stop the cell like text does."""
        used = self.proc.event_bytes - self.event_bytes_at_start
        if (used > self.display_budget or self.proc.oversized) and not self.output_exceeded:
            self.proc.oversized = 0
            self.output_exceeded = True
            self.deliver(
                {
                    "kind": "stream",
                    "name": "stderr",
                    "text": f"\n[output truncated: the cell sent more than "
                    f"{byte_size(self.display_budget)} of displays; the cell was stopped]\n",
                }
            )
            self.stop("output")

    def stop(self, reason: str) -> None:
        """SIGINT now; SIGKILL if the cell is still running after the grace period."""
        if self.kill_at is not None:
            return
        self.stop_reason = reason
        self.proc.interrupt()
        self.kill_at = time.monotonic() + self.limits.grace

    def handle(self, event: dict, request_id: int) -> str | None:
        """Deliver one event; returns the cell's status when this is its `_done`."""
        kind = event.get("kind")
        if kind == "_done":
            if event.get("id") == request_id:
                return str(event.get("status", "ok"))
            return None  # a forked copy of an earlier cell; ignore
        if kind == "_limit":
            self.exceed_output()
        elif kind == "stream":
            self.deliver_text(str(event.get("name", "stdout")), str(event.get("text", "")))
        elif self.proc.absorb(event) or (isinstance(kind, str) and kind.startswith("_")):
            pass
        elif kind == "error":
            self.error = event
            self.deliver(event)
        elif not self.output_exceeded:  # past the limit, displays are dropped like text
            self.deliver(event)
        return None

    def run(self, code: str, name: str, echo: bool, lang: str) -> ExecResult:
        kernel, proc = self.kernel, self.proc
        kernel._interrupt_requested = False
        with contextlib.suppress(OSError):
            while os.read(kernel._wake_r, 4096):
                pass
        # text a background thread printed between cells belongs to nobody; drop it
        for fd in proc.raw_fds:
            proc.read_raw(fd)
        proc.read_events()
        kernel._request_id += 1
        request_id = kernel._request_id
        started = time.monotonic()
        deadline = started + self.timeout
        status: str | None = None
        died = False
        try:
            proc.send(
                {"op": "execute", "id": request_id, "code": code, "name": name, "echo": echo,
                 "lang": lang}
            )  # fmt: skip
        except OSError:
            died = True
        wake = kernel._wake_r
        proc.selector.register(wake, 1)
        try:
            while status is None and not died:
                now = time.monotonic()
                if kernel._interrupt_requested:
                    kernel._interrupt_requested = False
                    self.stop("interrupted")
                if self.kill_at is None and now >= deadline:
                    self.stop("timeout")
                if self.kill_at is not None and now >= self.kill_at:
                    self.killed_by_us = True
                    died = True
                    break
                horizon = self.kill_at if self.kill_at is not None else deadline
                ready = proc.wait(horizon - now)
                for key, _ in ready:
                    if key.fd == wake:
                        with contextlib.suppress(OSError):
                            os.read(wake, 4096)
                    elif key.fd in proc.raw_fds:
                        self.deliver_text(proc.raw_fds[key.fd], proc.read_raw(key.fd))
                died = proc.exited(ready)
                for event in proc.read_events():
                    status = self.handle(event, request_id) or status
                self.check_display_volume()
        except BaseException:
            proc.interrupt()  # on_event raised: do not leave the cell running unseen
            raise
        finally:
            with contextlib.suppress(KeyError, ValueError):
                proc.selector.unregister(wake)
        if died:
            return self.finish_dead(started)
        for fd in list(proc.raw_fds):  # raw output written just before the cell ended
            self.deliver_text(proc.raw_fds[fd], proc.read_raw(fd))
        return self.finish(status or "ok", started)

    # -- the verdict ------------------------------------------------------------------------------
    def finish(self, status: str, started: float) -> ExecResult:
        limits, reset = self.limits, False
        if status == "interrupted":
            status = self.stop_reason or "interrupted"
        elif (status == "error" and self.error and self.output_exceeded) or (
            status == "ok" and self.output_exceeded
        ):
            status = "output"
        if status == "error" and self.error:
            evalue = str(self.error.get("evalue", ""))
            if any(words in evalue for words in _MEMORY_WORDS):
                status = "memory"
        if status == "procs":
            # leftover processes would hold the quota; a fresh kernel is the clean way out
            self.kernel._replace(wait=False)
            reset = True
        message = {
            "ok": "",
            "error": self._error_line(),
            "timeout": f"the cell ran longer than {seconds(self.timeout)} and was stopped; "
            "kernel state kept",
            "interrupted": "the cell was interrupted; kernel state kept",
            "memory": f"the cell ran out of memory (limit {mebibytes(limits.memory_mb)}); "
            "kernel state kept",
            "output": f"the cell printed more than {byte_size(limits.max_output_bytes)}; the "
            "rest was cut off and the cell was stopped; kernel state kept",
            "procs": f"the cell started too many processes or threads (limit "
            f"{limits.max_procs}); they were all stopped and kernel state was reset",
        }.get(status, status)
        return ExecResult(
            status, message, self.error, time.monotonic() - started, self.events, reset
        )

    def _error_line(self) -> str:
        if not self.error:
            return "the cell raised an error"
        first = str(self.error.get("evalue", "")).strip().splitlines()
        return f"{self.error.get('ename')}: {first[0]}" if first else str(self.error.get("ename"))

    def finish_dead(self, started: float) -> ExecResult:
        """The kernel process is gone (or must go): say why, and swap in the spare."""
        proc, limits = self.proc, self.limits
        if not self.killed_by_us:
            # collect the supervisor's last words before the pipes close
            with contextlib.suppress(Exception):
                proc.popen.wait(timeout=2)
            for event in proc.read_events():
                self.handle(event, -1)
            for fd in list(proc.raw_fds):
                self.deliver_text(proc.raw_fds[fd], proc.read_raw(fd))
        self.kernel._replace(wait=False)
        exit_info = proc.exit
        reset_words = "kernel state was reset"
        if self.killed_by_us:
            status = self.stop_reason or "interrupted"
            what = {
                "timeout": f"the cell ran longer than {seconds(self.timeout)}",
                "interrupted": "the cell was interrupted",
                "output": f"the cell printed more than {byte_size(limits.max_output_bytes)}",
            }[status]
            message = (
                f"{what} and did not stop within {seconds(limits.grace)} of the interrupt, so "
                f"the kernel was restarted; {reset_words}"
            )
        elif exit_info is not None and exit_info.procs:
            status = "procs"
            message = (
                f"the kernel stopped: the cell started more than {limits.max_procs} processes "
                f"or threads; all were killed and {reset_words}"
            )
        elif exit_info is not None and exit_info.code == EXIT_OUT_OF_MEMORY:
            status = "memory"
            message = (
                f"the kernel stopped: memory limit of {mebibytes(limits.memory_mb)} exceeded; "
                f"{reset_words}"
            )
        else:
            status = "crashed"
            message = f"the kernel stopped: {self._death_words(exit_info)}; {reset_words}"
        return ExecResult(
            status, message, self.error, time.monotonic() - started, self.events, True
        )

    @staticmethod
    def _death_words(exit_info) -> str:
        if exit_info is None:
            return "it exited unexpectedly"
        if exit_info.signal is not None:
            try:
                name = signal.Signals(exit_info.signal).name
            except ValueError:
                name = f"signal {exit_info.signal}"
            words = _SIGNAL_WORDS.get(exit_info.signal, "killed by a signal")
            return f"{words} ({name})"
        return f"the code ended the process (exit code {exit_info.code})"
