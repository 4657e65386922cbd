"""tutor.show: the display events lesson code emits, captured outside a kernel."""

import json

import numpy as np
import pytest

from tutor import show


def test_capture_collects_events_in_order():
    with show.capture() as events:
        show.curve(1, train=0.9, val=1.1, title="loss")
        show.curve(2, train=0.8, val=np.float32(1.0), title="loss")
        show.markdown("**done**")
    assert [e["kind"] for e in events] == ["curve", "curve", "markdown"]
    assert events[1] == {
        "kind": "curve",
        "id": "loss",
        "title": "loss",
        "x": 2,
        "values": {"train": 0.8, "val": 1.0},
    }


def test_every_event_is_json_with_nan_and_inf_as_null():
    with show.capture() as events:
        show.heatmap([[1.0, np.nan], [np.inf, -1.0]], rows=["a", "b"], cols=["x", "y"])
        show.plot(np.linspace(0, 1, 3), {"f": [0.0, np.nan, 1.0]}, title="f")
        show.scatter(np.array([[0, 0], [1, 1], [2, 2]]), labels=[0, 1, 1])
        show.hist(np.arange(10), bins=5)
        show.bar(["a", "b"], [1, 2])
        show.table([[1, 0.123456789], ["x", None]], headers=["n", "v"])
        show.math(r"\frac{a}{b}")
        show.image(np.arange(12).reshape(3, 4))
        show.images([np.zeros((2, 2)), np.ones((2, 2, 3))], titles=["a", "b"])
    for event in events:
        json.loads(json.dumps(event, allow_nan=False))  # raises if NaN slipped through
    heat = events[0]
    assert heat["data"] == [[1.0, None], [None, -1.0]]
    assert (heat["vmin"], heat["vmax"]) == (-1.0, 1.0)
    assert events[1]["series"][0]["y"] == [0.0, None, 1.0]
    assert [s["label"] for s in events[2]["series"]] == ["class 0", "class 1"]
    assert sum(events[3]["counts"]) == 10
    assert events[5]["rows"] == [["1", "0.1235"], ["x", "None"]]
    image = np.array(events[7]["data"])
    assert image.min() == 0.0 and image.max() == 1.0  # rescaled into [0, 1]


def test_channels_first_images_are_turned_to_channels_last():
    with show.capture() as events:
        show.image(np.zeros((3, 5, 4)))
    assert np.array(events[0]["data"]).shape == (5, 4, 3)


def test_regions_predicts_on_a_grid_with_row_zero_at_ymin():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    with show.capture() as events:
        show.regions(lambda P: (P[:, 1] > 0.5).astype(int), X, [0, 1], resolution=10)
    grid = events[0]["grid"]
    assert len(grid) == 10 and set(grid[0]) == {0} and set(grid[-1]) == {1}
    assert events[0]["points"] == [[0.0, 0.0, 0], [1.0, 1.0, 1]]


def test_bad_image_shape_is_a_clear_error():
    with pytest.raises(ValueError, match="an image must be"):
        show.image(np.zeros((2, 2, 2, 2)))


def test_shapes_records_a_forward_pass_of_kernel_modules():
    from kernels.linear import Linear, Sequential

    model = Sequential(Linear(4, 3), Linear(3, 2))
    with show.capture() as events:
        show.shapes(model, np.ones((5, 4)))
    trace = events[0]["trace"]
    assert events[0]["kind"] == "shapes"
    assert any(entry["output"] == [5, 2] for entry in trace)


def test_shapes_keeps_the_trace_up_to_a_shape_error():
    from kernels.linear import Linear, Sequential

    model = Sequential(Linear(4, 3), Linear(5, 2))
    with show.capture() as events, pytest.raises(ValueError):
        show.shapes(model, np.ones((5, 4)))
    assert events and any(entry.get("error") for entry in events[0]["trace"])


def test_outside_a_kernel_events_are_rendered_to_stdout(capsys):
    show.markdown("hello from a lesson")
    assert "hello from a lesson" in capsys.readouterr().out


def test_summary_covers_every_kind_without_raising():
    kinds = [
        "stream",
        "curve",
        "plot",
        "regions",
        "hist",
        "bar",
        "heatmap",
        "image",
        "images",
        "table",
        "math",
        "markdown",
        "shapes",
        "error",
        "test",
        "unknown",
    ]
    for kind in kinds:
        assert isinstance(show.summary({"kind": kind}), str)
