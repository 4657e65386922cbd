"""The TUI output widgets, driven with Textual's Pilot."""

from __future__ import annotations

import math
import threading

from display_helpers import LENET_FAILING
from textual.app import App, ComposeResult
from textual.widgets import Static
from textual.worker import WorkerState

from tutor.widgets.cell_output import CellOutput
from tutor.widgets.live_plot import LivePlot
from tutor.widgets.shape_stepper import ShapeStepper

POINTS = 1000
HOLD_AT = 900  # the streaming worker waits here until the test has pressed its keys


def curve_event(step: int) -> dict:
    return {
        "kind": "curve",
        "id": "loss",
        "title": "loss",
        "x": step,
        "values": {"train": math.exp(-step / 300), "val": math.exp(-step / 250) + 0.05},
    }


class StreamingApp(App):
    """A cell output fed from a worker thread, and a key binding that counts presses."""

    BINDINGS = [("k", "count", "Count")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0
        self.points_seen_by_key: list[int] = []  # plot size when each key press was handled
        self.release = threading.Event()

    def compose(self) -> ComposeResult:
        yield CellOutput(id="out")

    def action_count(self) -> None:
        plot = self.query_one(CellOutput).plots.get("loss")
        self.points_seen_by_key.append(plot.point_count if plot else 0)

    def stream(self, output: CellOutput) -> None:
        for step in range(POINTS):
            if step == HOLD_AT:
                self.release.wait(timeout=60)
            self.call_from_thread(output.append, curve_event(step))
            self.sent = step + 1


async def wait_until(pilot, condition, rounds: int = 2000) -> bool:
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.005)
    return condition()


async def test_keys_are_handled_while_1000_curve_points_stream_in():
    app = StreamingApp()
    async with app.run_test(size=(100, 30)) as pilot:
        output = app.query_one(CellOutput)
        worker = app.run_worker(lambda: app.stream(output), thread=True)

        def plotted() -> int:
            plot = output.plots.get("loss")
            return plot.point_count if plot else 0

        assert await wait_until(pilot, lambda: plotted() >= 20)
        for _ in range(5):
            await pilot.press("k")

        # every press was handled while the stream was still arriving and being plotted
        assert len(app.points_seen_by_key) == 5
        assert all(0 < seen < POINTS for seen in app.points_seen_by_key)
        assert worker.state == WorkerState.RUNNING
        assert app.sent < POINTS

        app.release.set()
        await worker.wait()
        assert await wait_until(pilot, lambda: plotted() == POINTS)
        plot = output.plots["loss"]
        xs, _ = plot.curve.series["train"]
        assert xs == [float(i) for i in range(POINTS)]
        assert len(plot.curve.series["val"][0]) == POINTS
        shown = plot.render().plain
        assert "train" in shown and "val" in shown and "loss" in shown
        assert "999" in shown  # the x axis reaches the last step
        assert len(output.query(LivePlot)) == 1  # one plot updated in place


class OutputApp(App):
    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.updates = 0

    def compose(self) -> ComposeResult:
        yield CellOutput(**self.kwargs)

    def on_cell_output_updated(self) -> None:
        self.updates += 1


async def test_output_keeps_text_and_displays_in_arrival_order():
    app = OutputApp()
    async with app.run_test(size=(100, 40)) as pilot:
        out = app.query_one(CellOutput)
        out.append({"kind": "stream", "name": "stdout", "text": "epoch 1\n"})
        out.append({"kind": "stream", "name": "stdout", "text": "epoch 2\n"})
        out.append({"kind": "test", "name": "test_relu", "passed": True, "message": ""})
        out.append({"kind": "stream", "name": "stderr", "text": "warning\n"})
        out.append({"kind": "shapes", "title": "LeNet", "trace": LENET_FAILING})
        out.flush()
        await pilot.pause()
        assert app.updates == 1  # one batch, one notice to the parent
        kinds = [type(child).__name__ for child in out.children]
        assert kinds == ["Static", "Static", "Static", "ShapeStepper"]
        first, test_line, second = (str(child.render()) for child in list(out.children)[:3])
        assert "epoch 1\nepoch 2" in first
        assert "PASS" in test_line and "test_relu" in test_line
        assert "warning" in second


async def test_carriage_return_rewrites_the_current_line():
    app = OutputApp()
    async with app.run_test() as pilot:
        out = app.query_one(CellOutput)
        for pct in (10, 50, 100):
            out.append({"kind": "stream", "name": "stdout", "text": f"\rprogress {pct}%"})
        out.append({"kind": "stream", "name": "stdout", "text": "\ndone\n"})
        out.flush()
        await pilot.pause()
        assert out.text == "progress 100%\ndone\n"


async def test_output_volume_is_capped_with_a_notice():
    app = OutputApp(max_text_chars=1000, max_blocks=3)
    async with app.run_test() as pilot:
        out = app.query_one(CellOutput)
        for i in range(500):
            out.append({"kind": "stream", "name": "stdout", "text": f"line {i:04d}\n"})
        for i in range(5):
            out.append({"kind": "test", "name": f"t{i}", "passed": True, "message": ""})
        out.flush()
        await pilot.pause()
        assert len(out.text) == 1000
        notice = list(out.children)[-1]
        assert isinstance(notice, Static) and "notice" in notice.classes
        message = str(notice.render())
        assert "Output limit reached" in message
        assert "3 more displays" in message  # 1 text block + 2 tests fit in 3 blocks
        assert "4,000 more characters" in message


class StepperApp(App):
    def compose(self) -> ComposeResult:
        yield ShapeStepper(LENET_FAILING, "LeNet")


async def test_shape_stepper_steps_and_toggles_with_keys():
    app = StepperApp()
    async with app.run_test(size=(110, 40)) as pilot:
        stepper = app.query_one(ShapeStepper)
        stepper.focus()
        failing = next(i for i, e in enumerate(LENET_FAILING) if e["error"])
        assert stepper.index == failing  # opens on the op that broke
        assert stepper.view == "table"
        await pilot.press("p", "p")
        assert stepper.index == failing - 2
        await pilot.press("t")
        assert stepper.view == "step"
        await pilot.press("n")
        assert stepper.index == failing - 1
        for _ in range(10):
            await pilot.press("n")
        assert stepper.index == len(LENET_FAILING) - 1  # stops at the last op
        await pilot.press("t")
        assert stepper.view == "table"


async def test_a_long_text_block_shows_its_last_lines_and_says_so():
    app = OutputApp(max_shown_lines=50)
    async with app.run_test() as pilot:
        out = app.query_one(CellOutput)
        for i in range(1000):
            out.append({"kind": "stream", "name": "stdout", "text": f"step {i}\n"})
        out.flush()
        await pilot.pause()
        shown = str(next(iter(out.children)).render()).splitlines()
        assert shown[0] == "… 950 earlier lines not shown …"
        assert shown[1] == "step 950" and shown[-1] == "step 999"
        assert out.text.startswith("step 0\n")  # all of it is kept
