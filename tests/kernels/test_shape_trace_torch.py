"""kernels.trace() on torch nn.Modules: a LeNet, an LSTM, a Transformer block, shape errors."""

import json

import pytest

import kernels

torch = pytest.importorskip("torch", reason="torch is not installed: torch tracing is skipped")
nn = torch.nn


class TorchLeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = torch.flatten(self.features(x), 1)
        return self.fc2(torch.relu(self.fc1(x)))


def test_torch_lenet_trace():
    model = TorchLeNet()
    with kernels.trace() as t:
        model(torch.zeros(3, 1, 28, 28))
    data = t.to_data()
    rows = [(e["path"], e["name"], e["kind"]) for e in data]
    assert rows == [
        ("", "TorchLeNet", "module"),
        ("features", "Sequential", "module"),
        ("features.0", "Conv2d", "module"),
        ("features.1", "ReLU", "module"),
        ("features.2", "MaxPool2d", "module"),
        ("features.3", "Conv2d", "module"),
        ("features.4", "ReLU", "module"),
        ("features.5", "MaxPool2d", "module"),
        ("flatten", "flatten", "op"),
        ("fc1", "Linear", "module"),
        ("relu", "relu", "op"),
        ("fc2", "Linear", "module"),
    ]
    by_path = {e["path"]: e for e in data}
    assert by_path["features.3"]["output"] == [3, 16, 10, 10]
    assert by_path["features.3"]["params"] == 16 * 6 * 25 + 16
    assert by_path["features.5"]["formula"] == "H_out = W_out = floor((10 + 2*0 - 2)/2) + 1 = 5"
    assert by_path["flatten"]["output"] == [3, 400]
    assert by_path[""]["depth"] == 0 and by_path["features.0"]["depth"] == 2
    json.dumps(data)


def test_torch_shape_error_keeps_the_trace_and_marks_the_dimension():
    model = TorchLeNet()
    with kernels.trace() as t, pytest.raises(RuntimeError, match="cannot be multiplied"):
        model(torch.zeros(3, 1, 32, 32))
    data = t.to_data()
    assert data[-1]["path"] == "fc1"
    assert data[-1]["inputs"] == [[3, 576]]
    assert "cannot be multiplied" in data[-1]["error"]
    assert data[-1]["bad_dim"] == [0, 1]
    assert [e["error"] for e in data[:-1]] == [None] * (len(data) - 1)
    assert data[0]["output"] is None  # the model itself did not finish


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.head = nn.Linear(16, 3)

    def forward(self, tokens):
        out, (_h, _c) = self.lstm(self.embed(tokens))
        return self.head(out[:, -1])


def test_torch_lstm_trace_lists_all_outputs():
    with kernels.trace() as t:
        LSTMClassifier()(torch.zeros(4, 7, dtype=torch.long))
    by_path = {e["path"]: e for e in t.to_data()}
    lstm = by_path["lstm"]
    assert lstm["inputs"] == [[4, 7, 8]]
    assert lstm["output"] == [[4, 7, 16], [1, 4, 16], [1, 4, 16]]
    assert lstm["params"] == 4 * 16 * (8 + 16) + 2 * 4 * 16
    assert by_path["getitem"]["output"] == [4, 16]  # out[:, -1]
    assert by_path["head"]["output"] == [4, 3]


def test_torch_transformer_block_trace():
    layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True)
    with kernels.trace() as t:
        layer(torch.zeros(2, 5, 32))
    data = t.to_data()
    modules = [e["path"] for e in data if e["kind"] == "module"]
    assert modules == [
        "",
        "self_attn",
        "dropout1",
        "norm1",
        "linear1",
        "dropout",
        "linear2",
        "dropout2",
        "norm2",
    ]
    assert {e["name"] for e in data if e["kind"] == "op" and e["depth"] == 1} >= {"add", "relu"}
    assert next(e for e in data if e["path"] == "linear1")["output"] == [2, 5, 64]
    assert data[0]["output"] == [2, 5, 32]


def test_torch_hooks_are_removed_after_the_trace():
    model = TorchLeNet()
    with kernels.trace() as t:
        model(torch.zeros(1, 1, 28, 28))
    n = len(t)
    model(torch.zeros(1, 1, 28, 28))
    torch.relu(torch.zeros(2))
    assert len(t) == n
    from torch.nn.modules import module as torch_module

    assert not torch_module._global_forward_hooks
    assert not torch_module._global_forward_pre_hooks


def test_trace_cleans_up_after_a_failed_forward():
    from torch.nn.modules import module as torch_module

    with pytest.raises(RuntimeError), kernels.trace():
        TorchLeNet()(torch.zeros(1, 1, 32, 32))
    assert not torch_module._global_forward_hooks
    assert not torch._C._is_torch_function_mode_enabled()
    with kernels.trace() as t:  # and the next trace starts clean
        torch.relu(torch.zeros(2, 3))
    assert [(e["name"], e["depth"], e["output"]) for e in t.to_data()] == [("relu", 0, [2, 3])]


class TutorialNet(nn.Module):
    """The PyTorch tutorial's LeNet: pooling and reshaping done with functions, not modules."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.fc1 = nn.Linear(6 * 14 * 14, 10)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), (2, 2))
        return self.fc1(x.view(-1, 6 * 14 * 14))


def test_functional_pooling_gets_its_formula_and_reshapes_are_listed():
    with kernels.trace() as t:
        TutorialNet()(torch.zeros(2, 1, 32, 32))
    rows = [(e["path"], e["kind"], e["output"]) for e in t.to_data()]
    assert rows == [
        ("", "module", [2, 10]),
        ("conv1", "module", [2, 6, 28, 28]),
        ("relu", "op", [2, 6, 28, 28]),
        ("max_pool2d", "op", [2, 6, 14, 14]),
        ("view", "op", [2, 1176]),
        ("fc1", "module", [2, 10]),
    ]
    assert t.to_data()[3]["formula"] == "H_out = W_out = floor((28 + 2*0 - 2)/2) + 1 = 14"
