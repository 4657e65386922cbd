"""kernels.trace(): shapes of every layer and op of a forward pass, NumPy and torch, errors kept."""

import json

import numpy as np
import pytest

import kernels
from kernels.activations import ReLU, softmax
from kernels.base import Module
from kernels.conv import Conv2d
from kernels.linear import Flatten, Linear, Sequential
from kernels.pooling import MaxPool2d


def numpy_lenet():
    return Sequential(
        Conv2d(1, 6, 5, padding=2, rng=0),
        ReLU(),
        MaxPool2d(2),
        Conv2d(6, 16, 5, rng=1),
        ReLU(),
        MaxPool2d(2),
        Flatten(),
        Linear(16 * 5 * 5, 120, rng=2),
        ReLU(),
        Linear(120, 84, rng=3),
        ReLU(),
        Linear(84, 10, rng=4),
    )


def test_numpy_lenet_trace_lists_every_layer_with_shapes_params_and_formulas():
    with kernels.trace() as t:
        out = numpy_lenet()(np.zeros((2, 1, 28, 28)))
    data = t.to_data()
    assert out.shape == (2, 10)
    assert [e["name"] for e in data] == [
        "Sequential",
        "Conv2d",
        "ReLU",
        "MaxPool2d",
        "Conv2d",
        "ReLU",
        "MaxPool2d",
        "Flatten",
        "Linear",
        "ReLU",
        "Linear",
        "ReLU",
        "Linear",
    ]
    assert [e["index"] for e in data] == list(range(13))
    assert [e["depth"] for e in data] == [0] + [1] * 12
    assert [e["path"] for e in data][:3] == ["", "0", "1"]
    conv1, conv2 = data[1], data[4]
    assert conv1["inputs"] == [[2, 1, 28, 28]] and conv1["output"] == [2, 6, 28, 28]
    assert conv1["params"] == 6 * 1 * 5 * 5 + 6
    assert conv1["formula"] == "H_out = W_out = floor((28 + 2*2 - 5)/1) + 1 = 28"
    assert conv2["output"] == [2, 16, 10, 10]
    assert data[6]["formula"] == "H_out = W_out = floor((10 + 2*0 - 2)/2) + 1 = 5"
    assert data[7]["output"] == [2, 400]
    assert data[0]["params"] == 0  # a container owns no parameters itself
    assert all(e["error"] is None and e["bad_dim"] is None for e in data)
    json.dumps(data)  # plain data, ready for the TUI and for `dltutor exec`


def test_numpy_shape_error_keeps_the_trace_up_to_the_failing_layer():
    model = numpy_lenet()
    with kernels.trace() as t, pytest.raises(ValueError, match="in_features=400"):
        model(np.zeros((2, 1, 32, 32)))  # 32x32 instead of 28x28: flatten gives 576
    data = t.to_data()
    failing = data[-1]
    assert failing["name"] == "Linear" and failing["path"] == "7"
    assert failing["inputs"] == [[2, 576]]
    assert failing["output"] is None
    assert "in_features=400" in failing["error"]
    assert failing["bad_dim"] == [0, 1]
    assert data[0]["output"] is None and data[0]["error"] is None  # only the culprit is marked
    assert [e["error"] for e in data[:-1]] == [None] * (len(data) - 1)
    json.dumps(data)


class _Attention(Module):
    """Non-leaf module calling kernel ops directly: those ops are recorded under it."""

    def __init__(self):
        self.query = Linear(4, 4, rng=0)
        self.key = Linear(4, 4, rng=1)

    def forward(self, x):
        q, k = self.query(x), self.key(x)
        return softmax(q @ k.swapaxes(-1, -2) / 2.0)


def test_ops_inside_composite_modules_are_recorded_but_not_inside_leaf_layers():
    with kernels.trace() as t:
        _Attention()(np.ones((2, 3, 4)))
        ReLU()(np.ones(3))  # ReLU calls relu(): the op is not listed twice
    names = [(e["depth"], e["path"], e["name"], e["kind"]) for e in t.to_data()]
    assert names == [
        (0, "", "_Attention", "module"),
        (1, "query", "Linear", "module"),
        (1, "key", "Linear", "module"),
        (1, "softmax", "softmax", "op"),
        (0, "", "ReLU", "module"),
    ]
    assert t.to_data()[3]["output"] == [2, 3, 3]


def test_nothing_is_recorded_outside_a_trace_and_table_renders():
    model = numpy_lenet()
    model(np.zeros((1, 1, 28, 28)))
    with kernels.trace() as t:
        model(np.zeros((1, 1, 28, 28)))
    assert len(t) == 13
    model(np.zeros((1, 1, 28, 28)))
    assert len(t) == 13  # the finished trace is not extended
    from rich.console import Console

    console = Console(record=True, width=200)
    console.print(t.table())
    text = console.export_text()
    assert "Conv2d" in text and "(1, 6, 28, 28)" in text and "H_out" in text
