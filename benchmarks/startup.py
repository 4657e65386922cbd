"""Cold start to first screen: dltutor against a minimal Textual hello-world app.

Each program runs in a fresh Python process attached to a pseudo-terminal (100x30), as a
learner's terminal would run it, and the clock stops when the first screen's text reaches
the terminal: "Hello, world" for the hello-world app, and for dltutor the course map with
the course loaded ("lessons done"; the earlier "Loading the course…" frame is timed too).
Runs alternate between the two apps so machine load affects both alike.

    .venv/bin/python benchmarks/startup.py [--runs 7]

Goal (issue 7): dltutor within 1.5x of the hello-world app.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

HELLO_APP = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")

Hello().run()
"""

TIMEOUT = 60.0


def time_to_text(command: list[str], markers: list[bytes], env: dict[str, str]) -> list[float]:
    """Seconds from launch until each marker (in order) has appeared on the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: list[float] = []
    try:
        while len(found) < len(markers):
            if time.perf_counter() - started > TIMEOUT:
                raise TimeoutError(f"{command}: no {markers[len(found)]!r} after {TIMEOUT} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program exited
                raise RuntimeError(f"{command} exited: {seen[-500:]!r}") from None
            seen += chunk
            while len(found) < len(markers) and markers[len(found)] in seen:
                found.append(time.perf_counter() - started)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", DLTUTOR_HOME=home)
        env["DLTUTOR_CACHE"] = os.path.join(home, "cache")
        env.pop("TEXTUAL", None)
        # as on a learner's machine, Python keeps compiled bytecode (pip compiles the installed
        # package; a checkout's __pycache__ is written by the first, unmeasured run)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        hello_cmd = [sys.executable, "-c", HELLO_APP]
        tutor_cmd = [sys.executable, "-m", "tutor", "--lang", "en"]
        hello, warm, cold_paint, cold_map = [], [], [], []
        # one unmeasured run of each fills the OS file cache (".pyc" files, lessons)
        time_to_text(hello_cmd, [b"Hello, world"], env)
        time_to_text(tutor_cmd, [b"lessons done"], env)
        for run in range(args.runs):
            hello += time_to_text(hello_cmd, [b"Hello, world"], env)
            # an unchanged course: read from the parsed-course cache, the map is the first screen
            warm += time_to_text(tutor_cmd, [b"lessons done"], env)
            # the first start after installing or editing lessons: nothing cached yet
            cold_env = dict(env, DLTUTOR_CACHE=os.path.join(home, f"cold-{run}"))
            paint, ready = time_to_text(
                tutor_cmd, [b"Loading the course", b"lessons done"], cold_env
            )
            cold_paint.append(paint)
            cold_map.append(ready)
    h, w, cp, cm = (statistics.median(x) for x in (hello, warm, cold_paint, cold_map))
    print(f"runs: {args.runs} each (median)")
    print(f"hello-world Textual app, first screen:      {h * 1000:7.0f} ms")
    print(f"dltutor course map (course unchanged):      {w * 1000:7.0f} ms   ratio {w / h:.2f}x")
    print(f"dltutor first start, first paint (loading): {cp * 1000:7.0f} ms   ratio {cp / h:.2f}x")
    print(f"dltutor first start, course map:            {cm * 1000:7.0f} ms   ratio {cm / h:.2f}x")
    print(f"goal: within 1.5x -> {'met' if w / h <= 1.5 else 'NOT met'} (course map, usual start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
