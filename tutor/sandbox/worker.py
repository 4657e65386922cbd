"""The kernel: runs cells one at a time in one namespace and streams what they produce.

Runs inside the sandbox (forked by tutor.sandbox.boot). It talks to the tutor over two pipes
of JSON lines: requests in, events out. stdout/stderr written through Python become "stream"
events in order with display events; anything written straight to file descriptors 1 and 2
(C code, subprocesses) travels on separate raw pipes that the tutor reads too.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import linecache
import os
import signal
import sys
import threading
import time

from tutor.sandbox import isolation
from tutor.sandbox.errors import error_event

FLUSH_INTERVAL = 0.01  # seconds: text written more often than this is batched
MAX_DISPLAY_BYTES = 8_000_000  # one display event larger than this becomes a notice


class OutputLimitExceeded(BaseException):
    """Raised in the cell by print() once the cell's output limit is reached.

    A BaseException so that `except Exception:` in learner code does not swallow it.
    """


class Channel:
    """The event pipe to the tutor: whole JSON lines, written under a lock."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.lock = threading.Lock()
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self.lock = threading.Lock()

    def send(self, event: dict) -> None:
        # the leading newline ends any partial line a cell wrote to this pipe, so our
        # message still parses on its own
        data = ("\n" + json.dumps(event, default=repr) + "\n").encode()
        with self.lock:
            self.write(data)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]


class CellOutput:
    """Counts one cell's output against the limit; shared by stdout and stderr."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.exceeded = False

    def reset(self) -> None:
        self.used = 0
        self.exceeded = False


class EventStream(io.TextIOBase):
    """sys.stdout / sys.stderr inside the kernel: text becomes batched "stream" events."""

    def __init__(self, name: str, channel: Channel, output: CellOutput) -> None:
        self.name = name
        self.channel = channel
        self.output = output
        self.pending: list[str] = []
        self.last_flush = 0.0
        self.lock = threading.Lock()
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self.lock = threading.Lock()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return 1 if self.name == "stdout" else 2

    def write(self, text: str) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        output = self.output
        if output.exceeded:
            raise OutputLimitExceeded()
        kept = text
        remaining = output.limit - output.used
        if len(text) > remaining or len(text.encode("utf-8", "replace")) > remaining:
            kept = text.encode("utf-8", "replace")[: max(remaining, 0)].decode("utf-8", "ignore")
        output.used += len(kept.encode("utf-8", "replace"))
        with self.lock:
            if kept:
                self.pending.append(kept)
            now = time.monotonic()
            # whole lines go at once when the pipe is not busy; a partial line waits for the
            # rest of it (print writes text and "\n" separately) or for the flusher thread
            if kept.endswith("\n") and now - self.last_flush >= FLUSH_INTERVAL:
                self._flush_locked(now)
        if kept is not text:
            output.exceeded = True
            self.flush()
            self.channel.send({"kind": "_limit", "what": "output", "limit": output.limit})
            raise OutputLimitExceeded()
        return len(text)

    def flush(self) -> None:
        with self.lock:
            self._flush_locked(time.monotonic())

    def _flush_locked(self, now: float) -> None:
        self.last_flush = now
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending.clear()
        self.channel.send({"kind": "stream", "name": self.name, "text": text})

    def close(self) -> None:
        self.flush()
        super().close()


class Kernel:
    def __init__(self, config: dict, channel: Channel, supervisor_pid: int) -> None:
        self.config = config
        self.channel = channel
        self.pid = os.getpid()
        self.supervisor_pid = supervisor_pid
        self.output = CellOutput(config["limits"]["max_output_bytes"])
        self.stdout = self.stderr = None
        self.running = False
        self.cell_names: set[str] = set()
        self.namespace: dict = {"__name__": "__main__", "__builtins__": builtins}
        # copies of the raw output descriptors, to repair a cell that closed 1 or 2
        self.raw_fds = {fd: os.dup(fd) for fd in (1, 2)}
        for fd in self.raw_fds.values():
            os.set_inheritable(fd, False)

    # -- streams ------------------------------------------------------------------------------
    def install_streams(self) -> None:
        """Fresh sys.stdout/sys.stderr and descriptors 1/2 for each cell (a cell may close them)."""
        for fd, copy in self.raw_fds.items():
            try:
                os.fstat(fd)
            except OSError:
                os.dup2(copy, fd)
        if self.stdout is None or self.stdout.closed or sys.stdout is not self.stdout:
            self.stdout = EventStream("stdout", self.channel, self.output)
        if self.stderr is None or self.stderr.closed or sys.stderr is not self.stderr:
            self.stderr = EventStream("stderr", self.channel, self.output)
        sys.stdout, sys.stderr = self.stdout, self.stderr

    def flush_streams(self) -> None:
        for stream in (self.stdout, self.stderr):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()

    def emit_display(self, event: dict) -> None:
        """The sink tutor.show uses inside a kernel."""
        self.flush_streams()
        data = json.dumps(event, default=repr)
        if len(data) > MAX_DISPLAY_BYTES:
            event = {
                "kind": "stream",
                "name": "stderr",
                "text": f"[display '{event.get('kind')}' of {len(data):,} bytes not shown: "
                f"over the {MAX_DISPLAY_BYTES:,}-byte limit for one display]\n",
            }
            data = json.dumps(event)
        with self.channel.lock:
            self.channel.write(("\n" + data + "\n").encode())

    def flusher(self) -> None:
        """Background: text printed just before a long pause still arrives promptly."""
        while True:
            time.sleep(FLUSH_INTERVAL * 2)
            if os.getpid() != self.pid:
                return
            for stream in (self.stdout, self.stderr):
                if stream is not None and stream.pending:
                    with contextlib.suppress(OSError, ValueError):
                        stream.flush()

    # -- signals ------------------------------------------------------------------------------
    def on_sigint(self, signum, frame) -> None:
        # Only learner code is interrupted; an interrupt that arrives as a cell finishes is
        # dropped rather than breaking the reply.
        if self.running:
            raise KeyboardInterrupt

    # -- cells --------------------------------------------------------------------------------
    def run_cell(self, request: dict) -> None:
        code, name = request["code"], request.get("name") or "<cell>"
        self.output.reset()
        self.install_streams()
        status, error = "ok", None
        self.cell_names.add(name)
        linecache.cache[name] = (len(code), None, code.splitlines(keepends=True), name)
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, self.on_sigint)
        self.running = True
        try:
            try:
                self.execute(code, name, request.get("echo", True))
            finally:
                self.running = False  # from here on SIGINT is ignored
        except OutputLimitExceeded:
            status = "output"
        except KeyboardInterrupt:
            status = "interrupted"
        except SystemExit as exc:
            if exc.code not in (None, 0):
                status = "error"
                error = {
                    "kind": "error",
                    "ename": "SystemExit",
                    "evalue": str(exc.code),
                    "traceback": f"the code called sys.exit({exc.code!r})",
                    "explanation": None,
                }
        except BaseException as exc:
            status = "memory" if isinstance(exc, MemoryError) else "error"
            if isinstance(exc, BlockingIOError | RuntimeError) and _is_process_limit(exc):
                status = "procs"
            try:
                error = error_event(exc, self.cell_names, request.get("lang", "en"))
            except MemoryError:
                error = {
                    "kind": "error",
                    "ename": "MemoryError",
                    "evalue": "",
                    "traceback": "",
                    "explanation": None,
                }
            del exc
        if os.getpid() != self.pid:
            # a process the cell forked has finished its copy of the cell: it must not
            # become a second kernel reading the request pipe
            self.flush_streams()
            os._exit(0 if status == "ok" else 1)
        self.flush_streams()
        if error is not None:
            self.channel.send(error)
        self.channel.send({"kind": "_done", "id": request.get("id"), "status": status})

    def execute(self, code: str, name: str, echo: bool) -> None:
        tree = ast.parse(code, name, "exec")
        last = None
        if echo and tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, "exec"), self.namespace)
        if last is not None:
            value = eval(compile(last, name, "eval"), self.namespace)
            if value is not None:
                self.namespace["_"] = value
                print(repr(value))

    def serve(self, requests) -> None:
        for line in requests:
            try:
                request = json.loads(line)
            except ValueError:
                continue
            if request.get("op") == "execute":
                try:
                    self.run_cell(request)
                except KeyboardInterrupt:
                    # SIGINT landed in the instant between the cell's end and running=False
                    self.running = False
                    self.channel.send(
                        {"kind": "_done", "id": request.get("id"), "status": "interrupted"}
                    )
            elif request.get("op") == "ping":
                self.channel.send({"kind": "_pong", "id": request.get("id")})


def _is_process_limit(exc: BaseException) -> bool:
    text = str(exc)
    return "can't start new thread" in text or getattr(exc, "errno", None) == 11


def run_kernel(config: dict, layers: dict, supervisor_pid: int) -> None:
    isolation.die_with_parent(layers, supervisor_pid)
    channel = Channel(config["evt_fd"])
    req_fd = config["req_fd"]
    for fd in (config["evt_fd"], req_fd):
        os.set_inheritable(fd, False)
    # stdin is not the learner's terminal: input() gets EOF at once
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    isolation.apply_rlimits(config["limits"], layers)
    disabled = config["disable"]
    isolation.apply_landlock(
        config["readable"], config["writable"], layers, disabled="landlock" in disabled
    )
    # after Landlock, which sets the no_new_privs that seccomp needs
    isolation.apply_seccomp(layers, disabled="seccomp" in disabled)
    os.chdir(config["cwd"])
    sys.path.insert(0, "")  # like a notebook: modules in the working directory import

    kernel = Kernel(config, channel, supervisor_pid)
    import tutor.show

    tutor.show._set_kernel_sink(kernel.emit_display)
    preloaded, failed = [], {}
    for module in config["preload"]:
        try:
            __import__(module)
            preloaded.append(module)
        except Exception as exc:  # a missing optional module must not stop the kernel
            failed[module] = f"{type(exc).__name__}: {exc}"
    kernel.install_streams()
    threading.Thread(target=kernel.flusher, name="dltutor-flusher", daemon=True).start()
    signal.signal(signal.SIGINT, kernel.on_sigint)
    channel.send(
        {"kind": "_ready", "layers": layers, "preloaded": preloaded, "preload_failed": failed}
    )
    with open(req_fd, "rb", closefd=True) as requests:
        kernel.serve(requests)
