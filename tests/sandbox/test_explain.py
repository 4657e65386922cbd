"""Shape-error explanations, table-driven over errors raised by real NumPy and PyTorch calls."""

import numpy as np
import pytest

from tutor.sandbox.explain import explain

# (id, code raising the error, phrases the explanation must contain)
NUMPY_CASES = [
    (
        "matmul",
        lambda: np.ones((2, 3)) @ np.ones((4, 5)),
        ["inner dimensions", "4", "3", "transpose"],
    ),
    (
        "dot",
        lambda: np.dot(np.ones((2, 3)), np.ones((4, 5))),
        ["(2, 3)", "(4, 5)", "dimension 1", "3", "4"],
    ),
    (
        "broadcast",
        lambda: np.ones((2, 3)) + np.ones((4,)),
        ["(2,3)", "(4,)", "dimension 1 from the end", "3", "4"],
    ),
    (
        "broadcast-3d",
        lambda: np.ones((2, 3, 4)) * np.ones((3, 2, 4)),
        ["dimension 2 from the end", "3", "2"],
    ),
    ("reshape", lambda: np.ones(6).reshape(4), ["(4,)", "6 elements", "-1"]),
    (
        "concatenate",
        lambda: np.concatenate([np.ones((2, 3)), np.ones((2, 4))]),
        ["dimension 1", "size 3", "size 4", "axis"],
    ),
    (
        "concatenate-ndim",
        lambda: np.concatenate([np.ones((2, 3)), np.ones(3)]),
        ["2 and 1", "missing axis"],
    ),
    ("stack", lambda: np.stack([np.ones((2, 3)), np.ones((2, 4))]), ["same shape", "concatenate"]),
    ("axis", lambda: np.ones((2, 3)).sum(axis=2), ["Axis 2", "2 dimensions", "0..1"]),
]


def _torch_cases():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    nn = torch.nn
    return [
        (
            "linear",
            lambda: nn.Linear(5, 2)(torch.ones(4, 3)),
            ["(4, 3)", "(5, 2)", "3 features", "in_features=5"],
        ),
        ("mm", lambda: torch.ones(2, 3) @ torch.ones(4, 5), ["3 columns", "4 rows"]),
        (
            "broadcast",
            lambda: torch.ones(2, 3) + torch.ones(4),
            ["size 3", "size 4", "dimension 1", "unsqueeze"],
        ),
        (
            "conv-channels",
            lambda: nn.Conv2d(3, 16, 3)(torch.ones(1, 1, 28, 28)),
            ["expects 3 input channels", "(1, 1, 28, 28)", "in_channels=1"],
        ),
        (
            "conv-rank",
            lambda: nn.Conv2d(3, 16, 3)(torch.ones(28, 28)),
            ["(28, 28)", "unsqueeze(0)"],
        ),
        (
            "conv-kernel",
            lambda: nn.Conv2d(3, 16, 5)(torch.ones(1, 3, 2, 2)),
            ["(2, 2)", "(5, 5)", "padding"],
        ),
        (
            "cat",
            lambda: torch.cat([torch.ones(2, 3), torch.ones(2, 4)]),
            ["dimension 0", "size 4", "3 was expected"],
        ),
        ("cat-ndim", lambda: torch.cat([torch.ones(2, 3), torch.ones(3)]), ["2 and 1"]),
        (
            "stack",
            lambda: torch.stack([torch.ones(2, 3), torch.ones(2, 4)]),
            ["(2, 3)", "(2, 4)", "entry 1"],
        ),
        ("view", lambda: torch.ones(12).view(4, 5), ["(4, 5)", "12 elements", "20"]),
        ("view-minus-one", lambda: torch.ones(12).reshape(5, -1), ["5", "does not divide 12"]),
        ("view-stride", lambda: torch.ones(3, 4).t().view(12), ["contiguous", ".reshape"]),
        ("bmm", lambda: torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 5, 6)), ["(2, 4)", "(2, 5)"]),
        ("mv", lambda: torch.matmul(torch.ones(2, 3), torch.ones(4)), ["(2, 3)", "4 elements"]),
        ("dot", lambda: torch.dot(torch.ones(3), torch.ones(4)), ["3 and 4"]),
        ("dim", lambda: torch.ones(2, 3).sum(dim=2), ["Dimension 2", "-2..1"]),
        ("layernorm", lambda: nn.LayerNorm(8)(torch.ones(2, 4)), ["(8,)", "(2, 4)"]),
        ("batchnorm", lambda: nn.BatchNorm2d(3)(torch.ones(2, 4, 5, 5)), ["built for 3", "has 4"]),
        (
            "batch-size",
            lambda: nn.functional.cross_entropy(torch.ones(4, 3), torch.ones(5, dtype=torch.long)),
            ["4 predictions", "5 targets"],
        ),
    ]


def _raised(make_error) -> Exception:
    try:
        make_error()
    except Exception as exc:
        return exc
    raise AssertionError("the case did not raise")


@pytest.mark.parametrize(
    "case_id, make_error, phrases", NUMPY_CASES, ids=[c[0] for c in NUMPY_CASES]
)
def test_numpy_shape_errors_are_explained(case_id, make_error, phrases):
    exc = _raised(make_error)
    text = explain(type(exc).__name__, str(exc))
    assert text is not None, f"no explanation for: {exc}"
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} missing from: {text}"
    assert "Hint" in text or "hint" in text


@pytest.mark.torch
def test_torch_shape_errors_are_explained():
    failures = []
    for case_id, make_error, phrases in _torch_cases():
        exc = _raised(make_error)
        text = explain(type(exc).__name__, str(exc))
        if text is None:
            failures.append(f"{case_id}: no explanation for {exc}")
            continue
        missing = [p for p in phrases if p not in text]
        if missing:
            failures.append(f"{case_id}: {missing} missing from {text!r}")
    assert not failures, "\n".join(failures)


def test_unrelated_errors_are_not_explained():
    assert explain("KeyError", "'weights'") is None
    assert explain("ValueError", "math domain error") is None


def test_operand_shapes_are_listed_first():
    text = explain(
        "RuntimeError",
        "mat1 and mat2 shapes cannot be multiplied (4x3 and 5x2)",
        ["x: (4, 3)", "layer.weight: (2, 5)"],
    )
    assert text.startswith("Values on the failing line: x: (4, 3), layer.weight: (2, 5)")
