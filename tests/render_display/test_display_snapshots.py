"""Snapshots of the output widgets (update with `pytest --snapshot-update`, then look at them)."""

from __future__ import annotations

import numpy as np
from display_helpers import LENET_FAILING
from textual.app import App, ComposeResult

from tutor.widgets.cell_output import CellOutput
from tutor.widgets.shape_stepper import ShapeStepper


class StepperApp(App):
    def compose(self) -> ComposeResult:
        yield ShapeStepper(LENET_FAILING, "LeNet")


class OutputApp(App):
    def compose(self) -> ComposeResult:
        yield CellOutput()

    def on_mount(self) -> None:
        yy, xx = np.mgrid[0:8, 0:8]
        blob = np.exp(-((yy - 3.5) ** 2 + (xx - 3.5) ** 2) / 6)
        out = self.query_one(CellOutput)
        for event in [
            {
                "kind": "stream",
                "name": "stdout",
                "text": "epoch 1: loss 0.52\nepoch 2: loss 0.31\n",
            },
            {
                "kind": "heatmap",
                "title": "confusion",
                "data": [[9, 1], [2, 8]],
                "rows": ["cat", "dog"],
                "cols": ["cat", "dog"],
                "vmin": None,
                "vmax": None,
            },
            {"kind": "image", "title": "an 8x8 blob", "data": blob.tolist()},
            {"kind": "test", "name": "test_accuracy", "passed": False, "message": "0.85 < 0.9"},
        ]:
            out.append(event)
        out.flush()


def test_shape_stepper_step_view_on_the_failing_op(snap_compare):
    assert snap_compare(StepperApp(), press=["t"], terminal_size=(100, 24))


def test_cell_output_with_text_heatmap_image_and_test(snap_compare):
    assert snap_compare(OutputApp(), terminal_size=(80, 30))
