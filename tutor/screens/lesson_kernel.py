"""The sandboxed kernel of one open lesson, as the lesson screen uses it.

Everything here blocks and runs on the lesson's kernel thread (a Textual thread worker),
except `interrupt()`, which the UI thread calls. Jobs run one at a time in the order they
were queued, so "run all" and a cell run while another is running keep the lesson's order.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

from tutor.course.model import Exercise, Lesson


class KernelUnavailable(RuntimeError):
    """The kernel could not start (the reason is the message)."""


class LessonKernel:
    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.error: str | None = None
        self.busy = False
        self._kernel = None
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._stopping = threading.Event()

    # ---- the kernel thread ---------------------------------------------------------------

    def start(self) -> None:
        """Start the kernel process (slow: it may preload torch). Kernel thread only."""
        try:
            from tutor.sandbox import Kernel, Limits

            self._kernel = Kernel(limits=Limits(), preload=("numpy", *self.lesson.requires))
            self._kernel.start()
        except Exception as exc:  # any failure leaves the lesson readable, with a reason shown
            self.error = f"{type(exc).__name__}: {exc}"

    def serve(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Run queued jobs until `stop()` or `cancelled()` (checked twice a second)."""
        while not cancelled():
            try:
                job = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            if job is None or self._stopping.is_set():
                break
            self.busy = True
            try:
                job()
            finally:
                self.busy = False
        self._close()

    def execute(self, code: str, on_event, timeout: float | None, name: str, lang: str):
        kernel = self._require()
        return kernel.execute(code, on_event=on_event, timeout=timeout, name=name, lang=lang)

    def grade(self, exercise: Exercise, code: str, lang: str, on_event=None):
        from tutor.grading.exercise import grade_exercise

        return grade_exercise(self._require(), exercise, code, lang, on_event=on_event)

    def reset(self) -> None:
        self._require().reset()

    def _require(self):
        if self._kernel is None:
            raise KernelUnavailable(self.error or "the kernel is not running")
        return self._kernel

    def _close(self) -> None:
        kernel, self._kernel = self._kernel, None
        if kernel is not None:
            # closing a broken kernel must not break leaving the lesson
            with contextlib.suppress(Exception):
                kernel.close()

    # ---- any thread ------------------------------------------------------------------------

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    def drop_pending(self) -> int:
        """Forget queued jobs that have not started; returns how many."""
        dropped = 0
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return dropped
            if job is None:  # keep a stop request
                self._jobs.put(None)
                return dropped
            dropped += 1

    def interrupt(self) -> None:
        kernel = self._kernel
        if kernel is not None:
            kernel.interrupt()

    def stop(self) -> None:
        """Stop after the running job (interrupted) and close the kernel process."""
        self._stopping.set()
        self.interrupt()
        self._jobs.put(None)
