"""Shape-error explanations, table-driven over errors raised by real NumPy and PyTorch calls."""

import re

import numpy as np
import pytest

from tutor.course.zhpunct import fix_zh_punctuation
from tutor.sandbox.explain import RULES, explain

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


# ---- Chinese: the same facts, numbers and code as the English ----

# messages no real call above raises, for the branches those calls do not reach
EXTRA_MESSAGES = [
    "operands could not be broadcast together with remapped shapes "
    "[original->remapped]: (2,3)->(2,newaxis,3) (3,)->(3,newaxis)",
    "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [5]",
    "shape '[3, -1]' is invalid for input of size 10",
    "axis -3 is out of bounds for array of dimension 2",
    "name 'np' is not defined",
    "name 'nps' is not defined. Did you mean: 'np'?",
]

# code in the English text that the Chinese text must keep verbatim: calls, indexing,
# identifiers with underscores, attributes (.T, .shape) and keyword arguments (axis=, dim=)
_CODE = re.compile(
    r"[\w.]*\w\((?:[^()]|\([^()]*\))*\)"  # x.flatten(1), x.view(x.size(0), -1), view()
    r"|\w+\[[^\]]*\]"  # x[:, None]
    r"|\b\w+_\w+\b"  # in_features, normalized_shape
    r"|\b(?:x|t|torch|nn|np)\.\w+"  # torch.cat, x.shape
    r"|(?<![\w.])\.[A-Za-z]\w*"  # .T, .contiguous, .reshape
    r"|\b\w+=|@"  # axis=, dim=, A @ B
)
# numbers; "size-1" is the number 1, not -1
_NUMBER = re.compile(r"(?<![A-Za-z])-?\d+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _sample_messages() -> list[str]:
    makers = [make for _, make, _ in NUMPY_CASES]
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        makers += [make for _, make, _ in _torch_cases()]
    return [str(_raised(make)) for make in makers] + EXTRA_MESSAGES


def _check_chinese(message: str) -> list[str]:
    en = explain("Error", message)
    zh = explain("Error", message, lang="zh")
    if en is None or zh is None:
        return [f"no explanation for {message!r}"]
    problems = []
    if not _HAN.search(zh):
        problems.append("no Chinese characters")
    if sorted(_NUMBER.findall(en)) != sorted(_NUMBER.findall(zh)):
        problems.append(f"numbers {_NUMBER.findall(en)} != {_NUMBER.findall(zh)}")
    missing = [code for code in _CODE.findall(en) if code not in zh]
    if missing:
        problems.append(f"code {missing} missing")
    if en.count("\n") != zh.count("\n"):
        problems.append("different line structure")
    if "Hint" in en and "提示：" not in zh:
        problems.append("no 提示：")
    if fix_zh_punctuation(zh) != zh:
        problems.append(f"punctuation, should be: {fix_zh_punctuation(zh)!r}")
    return [f"{message!r}: {p}\n  en: {en!r}\n  zh: {zh!r}" for p in problems]


def test_every_explanation_has_a_matching_chinese_version():
    messages = _sample_messages()
    failures = [problem for message in messages for problem in _check_chinese(message)]
    assert not failures, "\n".join(failures)


@pytest.mark.torch
def test_the_samples_reach_every_rule():
    pytest.importorskip("torch", reason="PyTorch is not installed")
    messages = _sample_messages()
    unused = [
        rule.explain.__name__
        for rule in RULES
        if not any(rule.pattern.search(message) for message in messages)
    ]
    assert not unused


def test_english_is_the_default_and_for_other_languages():
    message = "mat1 and mat2 shapes cannot be multiplied (4x3 and 5x2)"
    en = explain("RuntimeError", message)
    assert explain("RuntimeError", message, lang="en") == en
    assert explain("RuntimeError", message, lang="fr") == en
    assert explain("RuntimeError", message, lang="zh") != en


def test_unrelated_errors_are_not_explained_in_chinese_either():
    assert explain("KeyError", "'weights'", lang="zh") is None
    assert explain("ValueError", "math domain error", lang="zh") is None
    assert explain("ValueError", "math domain error", ["x: (2, 3)"], lang="zh") is None


def test_operand_shapes_are_listed_first_in_chinese():
    text = explain(
        "RuntimeError",
        "mat1 and mat2 shapes cannot be multiplied (4x3 and 5x2)",
        ["x: (4, 3)", "layer.weight: (2, 5)"],
        lang="zh",
    )
    assert text.startswith("出错这一行的值：x: (4, 3)，layer.weight: (2, 5)\n")
    assert "矩阵乘法" in text
    assert fix_zh_punctuation(text) == text


def test_a_name_not_defined_yet_points_to_the_cells_above():
    text = explain("NameError", "name 'losses' is not defined")
    assert "`losses` is not defined in this kernel yet" in text and "A runs them all" in text
    typo = explain("NameError", "name 'nps' is not defined. Did you mean: 'np'?")
    assert typo == "`nps` is not defined, but `np` is: probably a typo."
    assert explain("NameError", "free variable 'x' referenced before assignment") is None
