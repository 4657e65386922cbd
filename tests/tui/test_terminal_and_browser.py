"""The real `dltutor` binary, driven in tmux, and `dltutor serve` loaded in headless Chromium."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import FIXTURE_DIR

pytestmark = pytest.mark.slow

DLTUTOR = [sys.executable, "-m", "tutor"]


class Tmux:
    """One tmux server on a private socket, with one window running a command."""

    def __init__(self, socket_name: str, command: str, size=(100, 30)) -> None:
        self.base = ["tmux", "-L", socket_name]
        subprocess.run(
            [*self.base, "-f", "/dev/null", "new-session", "-d", "-s", "t",
             "-x", str(size[0]), "-y", str(size[1]), command],
            check=True,
        )  # fmt: skip

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", "t", *keys], check=True)

    def text(self) -> str:
        done = subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True
        )
        return done.stdout

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; the screen was:\n{self.text()}")

    def alive(self) -> bool:
        return (
            subprocess.run([*self.base, "has-session", "-t", "t"], capture_output=True).returncode
            == 0
        )

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_lesson_in_the_real_binary_under_tmux(tmp_path):
    command = " ".join(
        [*DLTUTOR, "--data-dir", str(tmp_path), "--lessons", str(FIXTURE_DIR), "--lang", "en"]
    )
    tmux = Tmux(f"dltutor-test-{os.getpid()}", f"TERM=xterm-256color {command}")
    try:
        tmux.wait_for("lessons done")
        tmux.keys("C-p")
        tmux.keys("-l", "Every block")
        tmux.wait_for("lesson: Every block")
        tmux.keys("Enter")
        tmux.wait_for("kernel: ready")
        tmux.keys("A")  # run all cells
        tmux.wait_for("✓ ok")
        tmux.keys("j", "j")  # prose, equation, then the cell: its output shows under it
        screen = tmux.wait_for("42")
        assert "[1] add  ✓ ok" in screen and "print(total)" in screen
        tmux.keys("Escape")
        screen = tmux.wait_for("lessons done")
        assert "◐ Every block" in screen  # started, remembered on the map
        tmux.keys("F2")
        tmux.wait_for("所有块")
        tmux.keys("C-q")
        deadline = time.monotonic() + 10
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not tmux.alive(), "dltutor did not quit on Ctrl+Q"
    finally:
        tmux.kill()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_16_colour_terminal_gets_16_colours_and_a_readable_map(tmp_path):
    command = " ".join(
        [*DLTUTOR, "--data-dir", str(tmp_path), "--lessons", str(FIXTURE_DIR), "--lang", "en"]
    )
    tmux = Tmux(f"dltutor-16-{os.getpid()}", f"env -u COLORTERM TERM=xterm {command}", (80, 24))
    try:
        screen = tmux.wait_for("lessons done")
        # status reads without colour: a mark per state, the bar in two kinds of line
        assert "○ Every block" in screen and "─" in screen and "0%" in screen
        coloured = subprocess.run(
            [*tmux.base, "capture-pane", "-e", "-p", "-t", "t"], capture_output=True, text=True
        ).stdout
        codes = set(re.findall(r"\x1b\[([0-9;]*)m", coloured))
        assert codes, "no colour at all"
        # only the 16 standard colours: no 256-colour (38;5) or true-colour (38;2) codes
        assert not [c for c in codes if re.search(r"(?:^|;)[34]8;[25](?:;|$)", c)], codes
    finally:
        tmux.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


async def _terminal_output_seen_by_browser(devtools_port: int, url: str, needle: bytes) -> bytes:
    """Load `url` in the browser and collect what its WebSocket receives until `needle`."""
    import aiohttp

    with urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list") as response:
        page = next(t for t in json.load(response) if t["type"] == "page")
    received = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as cdp,
    ):
        await cdp.send_json({"id": 1, "method": "Network.enable"})
        await cdp.send_json({"id": 2, "method": "Page.navigate", "params": {"url": url}})
        async with asyncio.timeout(40):
            async for message in cdp:
                event = json.loads(message.data)
                if event.get("method") != "Network.webSocketFrameReceived":
                    continue
                frame = event["params"]["response"]
                data = frame["payloadData"]
                received += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()
                if needle in received:
                    return received
    return received
    return received


@pytest.mark.skipif(
    shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
    reason="chromium is not installed (apt-get install -y chromium)",
)
def test_serve_shows_the_course_map_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    port = _free_port()
    serve = subprocess.Popen(
        [*DLTUTOR, "serve", "--port", str(port), "--data-dir", str(tmp_path / "data"),
         "--lessons", str(FIXTURE_DIR), "--lang", "en"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    profile = tmp_path / "chromium"
    browser = None
    try:
        _wait_for_port(port)
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
        assert "data-session-websocket-url" in html  # the textual-serve page
        browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 20
        while not (active.exists() and active.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.1)
        devtools_port = int(active.read_text().split()[0])
        seen = asyncio.run(
            _terminal_output_seen_by_browser(
                devtools_port, f"http://127.0.0.1:{port}/", b"lessons done"
            )
        )
        assert b"lessons done" in seen, seen[-2000:]
        assert b"Every block" in seen
    finally:
        for proc in (browser, serve):
            if proc is not None:
                os.killpg(proc.pid, 15)
                proc.wait(timeout=10)
