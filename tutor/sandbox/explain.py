"""Shape errors from NumPy and PyTorch, explained: the shapes, the dimension that disagrees, a hint.

Table-driven: each rule is a regular expression over the exception message and a function
that turns its groups into words. `explain()` returns None for errors it does not recognise.
The optional `operands` are the shapes of the values on the failing line (found by the kernel,
e.g. "x: (2, 3)"), shown when the message itself does not name them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def _shape(text: str) -> str:
    """'2x3' / '[2, 3]' / '(2,3)' / '2 x 3' -> '(2, 3)'."""
    dims = re.findall(r"-?\d+|newaxis", text)
    dims = ["-1" if d == "newaxis" else d for d in dims]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


def _dims(text: str) -> list[int]:
    return [int(d) for d in re.findall(r"-?\d+", text)]


def _product(dims: list[int]) -> int:
    result = 1
    for d in dims:
        result *= d
    return result


def _broadcast_mismatch(a: list[int], b: list[int]) -> str:
    """Which trailing-aligned dimension breaks broadcasting."""
    n = max(len(a), len(b))
    pa, pb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    for i in range(n - 1, -1, -1):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            from_end = n - i
            return (
                f"Shapes are compared from the right: dimension {from_end} from the end is "
                f"{pa[i]} in the first and {pb[i]} in the second; they must be equal or one "
                "of them 1."
            )
    return "Shapes are compared from the right; each pair of sizes must be equal or 1."


MATMUL_HINT = (
    "Hint: for A @ B the last dimension of A must equal the first (for 2-D) dimension of B. "
    "Check the order of the operands, or whether one of them needs a transpose (.T)."
)


def _numpy_matmul(m: re.Match) -> str:
    got, expected = m["got"], m["expected"]
    return (
        f"Matrix multiplication: the inner dimensions disagree. The second operand has {got} "
        f"along its first matrix dimension (dim {m['dim']} of its core), but the first operand "
        f"has {expected} columns.\n{MATMUL_HINT}"
    )


def _numpy_dot(m: re.Match) -> str:
    a, b = _shape(m["a"]), _shape(m["b"])
    return (
        f"Matrix product of shapes {a} and {b}: dimension {m['da']} of the first is {m['na']} "
        f"but dimension {m['db']} of the second is {m['nb']}; they must be equal.\n{MATMUL_HINT}"
    )


def _mat1_mat2(m: re.Match) -> str:
    a, b = _dims(m["a"]), _dims(m["b"])
    return (
        f"Matrix multiplication of {_shape(m['a'])} by {_shape(m['b'])}: the first has {a[-1]} "
        f"columns but the second has {b[0]} rows.\nIn a linear layer this means the input has "
        f"{a[-1]} features while the layer expects {b[0]} (nn.Linear(in_features={b[0]}, ...)). "
        f"Hint: make in_features match the last dimension of the input, or flatten the input "
        f"first (x.flatten(1)).\n{MATMUL_HINT}"
    )


def _numpy_broadcast(m: re.Match) -> str:
    shapes = re.findall(r"\([^)]*\)", m["shapes"])
    text = f"Element-wise operation on arrays of shapes {' and '.join(shapes)} cannot broadcast."
    if len(shapes) >= 2:
        text += " " + _broadcast_mismatch(_dims(shapes[0]), _dims(shapes[1]))
    return text + (
        "\nHint: add a size-1 axis where one array should repeat (x[:, None] or "
        "x.reshape(-1, 1)), or transpose one operand."
    )


def _torch_broadcast(m: re.Match) -> str:
    return (
        f"Element-wise operation: tensor a has size {m['a']} and tensor b has size {m['b']} at "
        f"dimension {m['dim']} (counting from the left of the broadcast shape); they must be "
        "equal or one of them 1.\nHint: unsqueeze the smaller tensor where it should repeat "
        "(t.unsqueeze(-1) or t[:, None]), or check that both have the same batch layout."
    )


def _numpy_reshape(m: re.Match) -> str:
    shape = _shape(m["shape"])
    return (
        f"Reshape to {shape}: the array has {m['size']} elements, and a new shape must hold "
        f"exactly as many (the product of its dimensions). Hint: use -1 for one dimension to "
        "let NumPy compute it, and check the total size."
    )


def _torch_view(m: re.Match) -> str:
    dims = _dims(m["shape"])
    known = _product([d for d in dims if d != -1])
    size = int(m["size"])
    detail = (
        f"with -1, the other dimensions multiply to {known}, which does not divide {size}"
        if -1 in dims
        else f"{_shape(m['shape'])} holds {known} elements"
    )
    return (
        f"view/reshape to {_shape(m['shape'])}: the tensor has {size} elements but {detail}. "
        "The new shape must hold exactly as many elements.\nHint: use -1 for one dimension, "
        "and check the batch dimension (x.view(x.size(0), -1) flattens all but the first)."
    )


def _torch_view_stride(m: re.Match) -> str:
    return (
        "view() needs the tensor's memory to be laid out contiguously in the new shape; after a "
        "transpose or permute it is not.\nHint: use .reshape(...) (copies when needed) or "
        "call .contiguous() before .view(...)."
    )


def _numpy_concat(m: re.Match) -> str:
    return (
        f"Concatenation: along dimension {m['dim']} the array at index {m['i']} has size "
        f"{m['a']} but the array at index {m['j']} has size {m['b']}. All dimensions except "
        "the one you join along must match.\nHint: check the axis= argument, or reshape the "
        "arrays so the other dimensions agree."
    )


def _concat_ndim(m: re.Match) -> str:
    return (
        f"Concatenation: the inputs have different numbers of dimensions ({m['a']} and "
        f"{m['b']}).\nHint: add the missing axis first (x[None] or x.reshape(1, -1), "
        "torch: x.unsqueeze(0))."
    )


def _numpy_stack(m: re.Match) -> str:
    return (
        "Stacking needs every array to have exactly the same shape (stack adds a new axis).\n"
        "Hint: print each array's .shape; to join along an existing axis use concatenate."
    )


def _torch_cat(m: re.Match) -> str:
    return (
        f"torch.cat: every tensor must have the same size in all dimensions except dimension "
        f"{m['dim']} (the one being joined). Tensor number {m['n']} has size {m['got']} where "
        f"{m['expected']} was expected.\nHint: check dim=, or the shapes of the tensors "
        "being joined."
    )


def _torch_stack(m: re.Match) -> str:
    return (
        f"torch.stack: entry {m['i']} has shape {_shape(m['a'])} but entry {m['j']} has "
        f"shape {_shape(m['b'])}; stack needs identical shapes.\nHint: use torch.cat to join "
        "along an existing dimension, or fix the shapes first."
    )


def _conv_channels(m: re.Match) -> str:
    weight = _dims(m["weight"])
    return (
        f"Convolution: the layer's weight is {_shape(m['weight'])} = (out_channels, "
        f"in_channels/groups, kH, kW), so it expects {m['expected']} input channels, but the "
        f"input {_shape(m['input'])} has {m['got']} at dimension 1 (N, C, H, W).\nHint: set "
        f"in_channels={m['got']} in the layer, or check the input's layout (channels come "
        f"before height and width; images are often (H, W, C) and need .permute(2, 0, 1))."
        + (f" The layer produces {weight[0]} channels." if weight else "")
    )


def _conv_rank(m: re.Match) -> str:
    return (
        f"{m['op']} expects a {m['want']} input, but got one of shape {_shape(m['shape'])}.\n"
        "Hint: add the batch and/or channel dimension, e.g. x.unsqueeze(0) for one image "
        "(C, H, W) -> (1, C, H, W), or x[None, None] for a bare (H, W) image."
    )


def _conv_kernel_too_big(m: re.Match) -> str:
    return (
        f"Convolution: after padding the input is {_shape(m['input'])} per channel, smaller "
        f"than the kernel {_shape(m['kernel'])}.\nThe output size is floor((H + 2P - K) / S) + "
        "1, which would be below 1. Hint: the feature map shrank too much in earlier layers: "
        "add padding, use fewer pooling steps, or a smaller kernel."
    )


def _bmm(m: re.Match) -> str:
    return (
        f"Batched matrix multiplication: the second tensor should start with {_shape(m['want'])} "
        f"(batch size, then the inner dimension of the first tensor) but starts with "
        f"{_shape(m['got'])}.\n{MATMUL_HINT}"
    )


def _mv(m: re.Match) -> str:
    return (
        f"Matrix-vector product: the matrix is {_shape(m['mat'])} but the vector has "
        f"{m['vec']} elements; it needs as many as the matrix has columns.\n{MATMUL_HINT}"
    )


def _torch_dot(m: re.Match) -> str:
    return (
        f"Dot product of vectors with {m['a']} and {m['b']} elements: both must have the same "
        "length.\nHint: print both shapes; for matrices use @ or torch.matmul."
    )


def _axis(m: re.Match) -> str:
    return (
        f"Axis {m['axis']} does not exist: the array has {m['ndim']} dimensions, so valid axes "
        f"are 0..{int(m['ndim']) - 1} (or negative from the end).\nHint: print x.shape to see "
        "which dimensions it has."
    )


def _torch_dim(m: re.Match) -> str:
    return (
        f"Dimension {m['got']} does not exist: valid dimensions are {m['lo']}..{m['hi']}.\n"
        "Hint: print x.shape; the tensor has fewer dimensions than the code assumes."
    )


def _layernorm(m: re.Match) -> str:
    return (
        f"LayerNorm({_shape(m['norm'])}) normalises the last dimensions, so the input must end "
        f"with {_shape(m['norm'])}, but it has shape {_shape(m['input'])}.\nHint: set "
        "normalized_shape to the input's feature size (its last dimension)."
    )


def _batchnorm(m: re.Match) -> str:
    return (
        f"BatchNorm was built for {m['want']} channels but the input has {m['got']} at "
        "dimension 1 (N, C, ...).\nHint: BatchNorm2d(num_features) must equal the channels of "
        "the layer before it."
    )


def _batch_size(m: re.Match) -> str:
    return (
        f"The loss got {m['a']} predictions but {m['b']} targets: the first dimensions must "
        "match.\nHint: check that predictions and labels come from the same batch, and that "
        "nothing flattened the batch dimension into another one."
    )


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    explain: Callable[[re.Match], str]


def _rule(pattern: str, explain_fn: Callable[[re.Match], str]) -> Rule:
    return Rule(re.compile(pattern, re.S), explain_fn)


RULES: tuple[Rule, ...] = (
    _rule(
        r"matmul: Input operand 1 has a mismatch in its core dimension (?P<dim>\d+), .*"
        r"\(size (?P<got>\d+) is different from (?P<expected>\d+)\)",
        _numpy_matmul,
    ),
    _rule(
        r"shapes (?P<a>\([^)]*\)) and (?P<b>\([^)]*\)) not aligned: (?P<na>\d+) \(dim (?P<da>\d+)"
        r"\) != (?P<nb>\d+) \(dim (?P<db>\d+)\)",
        _numpy_dot,
    ),
    _rule(
        r"mat1 and mat2 shapes cannot be multiplied \((?P<a>[\dx]+) and (?P<b>[\dx]+)\)", _mat1_mat2
    ),
    _rule(
        r"operands could not be broadcast together with (?:remapped )?shapes (?P<shapes>.*)",
        _numpy_broadcast,
    ),
    _rule(
        r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b \((?P<b>\d+)\) "
        r"at non-singleton dimension (?P<dim>\d+)",
        _torch_broadcast,
    ),
    _rule(
        r"cannot reshape array of size (?P<size>\d+) into shape (?P<shape>\([^)]*\))",
        _numpy_reshape,
    ),
    _rule(r"shape '(?P<shape>\[[^\]]*\])' is invalid for input of size (?P<size>\d+)", _torch_view),
    _rule(r"view size is not compatible with input tensor's size and stride", _torch_view_stride),
    _rule(
        r"along dimension (?P<dim>\d+), the array at index (?P<i>\d+) has size (?P<a>\d+) and "
        r"the array at index (?P<j>\d+) has size (?P<b>\d+)",
        _numpy_concat,
    ),
    _rule(
        r"all the input arrays must have same number of dimensions, but the array at index \d+ "
        r"has (?P<a>\d+) dimension\(s\) and the array at index \d+ has (?P<b>\d+) dimension",
        _concat_ndim,
    ),
    _rule(
        r"Tensors must have same number of dimensions: got (?P<a>\d+) and (?P<b>\d+)", _concat_ndim
    ),
    _rule(r"all input arrays must have the same shape", _numpy_stack),
    _rule(
        r"Sizes of tensors must match except in dimension (?P<dim>\d+)\. Expected size "
        r"(?P<expected>\d+) but got size (?P<got>\d+) for tensor number (?P<n>\d+)",
        _torch_cat,
    ),
    _rule(
        r"stack expects each tensor to be equal size, but got (?P<a>\[[^\]]*\]) at entry "
        r"(?P<i>\d+) and (?P<b>\[[^\]]*\]) at entry (?P<j>\d+)",
        _torch_stack,
    ),
    _rule(
        r"weight of size (?P<weight>\[[^\]]*\]), expected input(?P<input>\[[^\]]*\]) to have "
        r"(?P<expected>\d+) channels, but got (?P<got>\d+) channels",
        _conv_channels,
    ),
    _rule(
        r"Expected (?P<want>.*?) input to (?P<op>conv\w+|max_pool\w+|avg_pool\w+), but got "
        r"input of size: ?(?P<shape>\[[^\]]*\])",
        _conv_rank,
    ),
    _rule(
        r"Calculated padded input size per channel: (?P<input>\([^)]*\))\. Kernel size: "
        r"(?P<kernel>\([^)]*\))\. Kernel size can't be greater",
        _conv_kernel_too_big,
    ),
    _rule(
        r"Expected size for first two dimensions of batch2 tensor to be: (?P<want>\[[^\]]*\]) "
        r"but got: (?P<got>\[[^\]]*\])",
        _bmm,
    ),
    _rule(r"size mismatch, got input \(\d+\), mat \((?P<mat>[\dx]+)\), vec \((?P<vec>\d+)\)", _mv),
    _rule(
        r"inconsistent tensor size, expected tensor \[\d+\] and src \[\d+\] to have the same "
        r"number of elements, but got (?P<a>\d+) and (?P<b>\d+) elements",
        _torch_dot,
    ),
    _rule(r"axis (?P<axis>-?\d+) is out of bounds for array of dimension (?P<ndim>\d+)", _axis),
    _rule(
        r"Dimension out of range \(expected to be in range of \[(?P<lo>-?\d+), (?P<hi>-?\d+)\], "
        r"but got (?P<got>-?\d+)\)",
        _torch_dim,
    ),
    _rule(
        r"Given normalized_shape=(?P<norm>\[[^\]]*\]), expected input with shape \[\*, [^\]]*\], "
        r"but got input of size ?(?P<input>\[[^\]]*\])",
        _layernorm,
    ),
    _rule(r"running_mean should contain (?P<got>\d+) elements not (?P<want>\d+)", _batchnorm),
    _rule(
        r"Expected input batch_size \((?P<a>\d+)\) to match target batch_size \((?P<b>\d+)\)",
        _batch_size,
    ),
)


def explain(ename: str, evalue: str, operands: list[str] | None = None) -> str | None:
    """Words for a shape error, or None when the message is not a shape error we know."""
    for rule in RULES:
        match = rule.pattern.search(evalue)
        if match:
            text = rule.explain(match)
            if operands:
                text = "Values on the failing line: " + ", ".join(operands) + "\n" + text
            return text
    return None
