"""Errors in lesson code, explained: NumPy and PyTorch shape errors (the shapes, the dimension
that disagrees, a hint) and names not defined yet (a cell run before the ones above it).

Table-driven: each rule is a regular expression over the exception message and a function
that turns its groups into words, in both course languages: an (English, Chinese) pair with
the same facts, numbers, shapes and code. `explain()` returns the text in the requested
language, or None for errors it does not recognise. The optional `operands` are the shapes of
the values on the failing line (found by the kernel, e.g. "x: (2, 3)"), shown when the message
itself does not name them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# (English, Chinese)
Texts = tuple[str, str]


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


def _broadcast_mismatch(a: list[int], b: list[int]) -> Texts:
    """Which trailing-aligned dimension breaks broadcasting."""
    n = max(len(a), len(b))
    pa, pb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    for i in range(n - 1, -1, -1):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            from_end = n - i
            return (
                f"Shapes are compared from the right: dimension {from_end} from the end is "
                f"{pa[i]} in the first and {pb[i]} in the second; they must be equal or one "
                "of them 1.",
                f"形状从右往左逐维比较：倒数第 {from_end} 个维度在第一个数组中是 {pa[i]}，"
                f"在第二个数组中是 {pb[i]}；两者必须相等，或其中一个为 1。",
            )
    return (
        "Shapes are compared from the right; each pair of sizes must be equal or 1.",
        "形状从右往左逐维比较；每一对对应的大小必须相等，或其中一个为 1。",
    )


MATMUL_HINT: Texts = (
    "Hint: for A @ B the last dimension of A must equal the first (for 2-D) dimension of B. "
    "Check the order of the operands, or whether one of them needs a transpose (.T).",
    "提示：计算 A @ B 时，A 的最后一维必须等于 B 的第一维（B 为 2 维时）。"
    "检查两个操作数的顺序，或其中一个是否需要转置（.T）。",
)


def _numpy_matmul(m: re.Match) -> Texts:
    got, expected = m["got"], m["expected"]
    return (
        f"Matrix multiplication: the inner dimensions disagree. The second operand has {got} "
        f"along its first matrix dimension (dim {m['dim']} of its core), but the first operand "
        f"has {expected} columns.\n{MATMUL_HINT[0]}",
        f"矩阵乘法：参与相乘的内侧维度不一致。第二个操作数的第一个矩阵维度"
        f"（其核心维度中的 dim {m['dim']}）大小为 {got}，但第一个操作数有 {expected} 列。"
        f"\n{MATMUL_HINT[1]}",
    )


def _numpy_dot(m: re.Match) -> Texts:
    a, b = _shape(m["a"]), _shape(m["b"])
    return (
        f"Matrix product of shapes {a} and {b}: dimension {m['da']} of the first is {m['na']} "
        f"but dimension {m['db']} of the second is {m['nb']}; they must be equal.\n"
        f"{MATMUL_HINT[0]}",
        f"形状为 {a} 和 {b} 的矩阵乘积：第一个操作数的维度 {m['da']} 大小为 {m['na']}，"
        f"而第二个操作数的维度 {m['db']} 大小为 {m['nb']}；两者必须相等。\n{MATMUL_HINT[1]}",
    )


def _mat1_mat2(m: re.Match) -> Texts:
    a, b = _dims(m["a"]), _dims(m["b"])
    sa, sb = _shape(m["a"]), _shape(m["b"])
    return (
        f"Matrix multiplication of {sa} by {sb}: the first has {a[-1]} "
        f"columns but the second has {b[0]} rows.\nIn a linear layer this means the input has "
        f"{a[-1]} features while the layer expects {b[0]} (nn.Linear(in_features={b[0]}, ...)). "
        f"Hint: make in_features match the last dimension of the input, or flatten the input "
        f"first (x.flatten(1)).\n{MATMUL_HINT[0]}",
        f"{sa} 与 {sb} 做矩阵乘法：前者有 {a[-1]} 列，而后者有 {b[0]} 行。\n"
        f"在线性层中，这意味着输入有 {a[-1]} 个特征，而该层需要 {b[0]} 个"
        f"（nn.Linear(in_features={b[0]}, ...)）。提示：让 in_features 等于输入的最后一维，"
        f"或先把输入展平（x.flatten(1)）。\n{MATMUL_HINT[1]}",
    )


def _numpy_broadcast(m: re.Match) -> Texts:
    shapes = re.findall(r"\([^)]*\)", m["shapes"])
    en = f"Element-wise operation on arrays of shapes {' and '.join(shapes)} cannot broadcast."
    zh = f"形状为 {' 和 '.join(shapes)} 的数组无法广播，不能做逐元素运算。"
    if len(shapes) >= 2:
        mismatch = _broadcast_mismatch(_dims(shapes[0]), _dims(shapes[1]))
        en += " " + mismatch[0]
        zh += mismatch[1]
    return (
        en
        + (
            "\nHint: add a size-1 axis where one array should repeat (x[:, None] or "
            "x.reshape(-1, 1)), or transpose one operand."
        ),
        zh
        + (
            "\n提示：在需要重复的位置给数组加一个大小为 1 的轴（x[:, None] 或 "
            "x.reshape(-1, 1)），或转置其中一个操作数。"
        ),
    )


def _torch_broadcast(m: re.Match) -> Texts:
    return (
        f"Element-wise operation: tensor a has size {m['a']} and tensor b has size {m['b']} at "
        f"dimension {m['dim']} (counting from the left of the broadcast shape); they must be "
        "equal or one of them 1.\nHint: unsqueeze the smaller tensor where it should repeat "
        "(t.unsqueeze(-1) or t[:, None]), or check that both have the same batch layout.",
        f"逐元素运算：在维度 {m['dim']}（从广播后形状的左侧数起）上，张量 a 的大小是 {m['a']}，"
        f"张量 b 的大小是 {m['b']}；两者必须相等，或其中一个为 1。\n"
        "提示：在较小的张量需要重复的位置用 unsqueeze 增加一维（t.unsqueeze(-1) 或 "
        "t[:, None]），或检查两者的批次布局是否一致。",
    )


def _numpy_reshape(m: re.Match) -> Texts:
    shape = _shape(m["shape"])
    return (
        f"Reshape to {shape}: the array has {m['size']} elements, and a new shape must hold "
        f"exactly as many (the product of its dimensions). Hint: use -1 for one dimension to "
        "let NumPy compute it, and check the total size.",
        f"重塑为 {shape}：数组有 {m['size']} 个元素，新形状必须恰好容纳同样多的元素"
        "（即各维大小的乘积）。提示：可以把某一维设为 -1，让 NumPy 自动算出它，"
        "并检查元素总数。",
    )


def _torch_view(m: re.Match) -> Texts:
    dims = _dims(m["shape"])
    known = _product([d for d in dims if d != -1])
    size = int(m["size"])
    shape = _shape(m["shape"])
    if -1 in dims:
        detail = (
            f"with -1, the other dimensions multiply to {known}, which does not divide {size}",
            f"其中有 -1，其余各维的乘积为 {known}，而 {size} 不能被它整除",
        )
    else:
        detail = (f"{shape} holds {known} elements", f"形状 {shape} 可容纳 {known} 个元素")
    return (
        f"view/reshape to {shape}: the tensor has {size} elements but {detail[0]}. "
        "The new shape must hold exactly as many elements.\nHint: use -1 for one dimension, "
        "and check the batch dimension (x.view(x.size(0), -1) flattens all but the first).",
        f"view/reshape 为 {shape}：张量有 {size} 个元素，但{detail[1]}。"
        "新形状必须恰好容纳同样多的元素。\n提示：可以把某一维设为 -1，并检查批次维度"
        "（x.view(x.size(0), -1) 会把除第一维以外的所有维度展平）。",
    )


def _torch_view_stride(m: re.Match) -> Texts:
    return (
        "view() needs the tensor's memory to be laid out contiguously in the new shape; after a "
        "transpose or permute it is not.\nHint: use .reshape(...) (copies when needed) or "
        "call .contiguous() before .view(...).",
        "view() 要求张量的内存按新形状连续排布；经过 transpose 或 permute 之后就不再连续了。\n"
        "提示：改用 .reshape(...)（必要时会复制数据），或先调用 .contiguous() 再 .view(...)。",
    )


def _numpy_concat(m: re.Match) -> Texts:
    return (
        f"Concatenation: along dimension {m['dim']} the array at index {m['i']} has size "
        f"{m['a']} but the array at index {m['j']} has size {m['b']}. All dimensions except "
        "the one you join along must match.\nHint: check the axis= argument, or reshape the "
        "arrays so the other dimensions agree.",
        f"拼接：在维度 {m['dim']} 上，索引 {m['i']} 处的数组大小为 {m['a']}，"
        f"而索引 {m['j']} 处的数组大小为 {m['b']}。除了拼接所沿的维度，其余维度都必须一致。\n"
        "提示：检查 axis= 参数，或对数组做 reshape，使其余维度一致。",
    )


def _concat_ndim(m: re.Match) -> Texts:
    return (
        f"Concatenation: the inputs have different numbers of dimensions ({m['a']} and "
        f"{m['b']}).\nHint: add the missing axis first (x[None] or x.reshape(1, -1), "
        "torch: x.unsqueeze(0)).",
        f"拼接：各输入的维数不同（{m['a']} 和 {m['b']}）。\n"
        "提示：先补上缺少的轴（x[None] 或 x.reshape(1, -1)；torch 中用 x.unsqueeze(0)）。",
    )


def _numpy_stack(m: re.Match) -> Texts:
    return (
        "Stacking needs every array to have exactly the same shape (stack adds a new axis).\n"
        "Hint: print each array's .shape; to join along an existing axis use concatenate.",
        "堆叠要求每个数组的形状完全相同（stack 会新增一个轴）。\n"
        "提示：打印每个数组的 .shape；若要沿已有的轴拼接，请用 concatenate。",
    )


def _torch_cat(m: re.Match) -> Texts:
    return (
        f"torch.cat: every tensor must have the same size in all dimensions except dimension "
        f"{m['dim']} (the one being joined). Tensor number {m['n']} has size {m['got']} where "
        f"{m['expected']} was expected.\nHint: check dim=, or the shapes of the tensors "
        "being joined.",
        f"torch.cat：除维度 {m['dim']}（拼接所沿的维度）以外，所有张量在其余各维上的大小必须相同。"
        f"编号为 {m['n']} 的张量大小为 {m['got']}，而期望的是 {m['expected']}。\n"
        "提示：检查 dim= 参数，或被拼接的各张量的形状。",
    )


def _torch_stack(m: re.Match) -> Texts:
    a, b = _shape(m["a"]), _shape(m["b"])
    return (
        f"torch.stack: entry {m['i']} has shape {a} but entry {m['j']} has "
        f"shape {b}; stack needs identical shapes.\nHint: use torch.cat to join "
        "along an existing dimension, or fix the shapes first.",
        f"torch.stack：索引 {m['i']} 处的张量形状为 {a}，而索引 {m['j']} 处的形状为 {b}；"
        "stack 要求形状完全相同。\n提示：要沿已有的维度拼接请用 torch.cat，或先修正各张量的形状。",
    )


def _conv_channels(m: re.Match) -> Texts:
    weight = _dims(m["weight"])
    w, x, got = _shape(m["weight"]), _shape(m["input"]), m["got"]
    return (
        f"Convolution: the layer's weight is {w} = (out_channels, "
        f"in_channels/groups, kH, kW), so it expects {m['expected']} input channels, but the "
        f"input {x} has {got} at dimension 1 (N, C, H, W).\nHint: set "
        f"in_channels={got} in the layer, or check the input's layout (channels come "
        f"before height and width; images are often (H, W, C) and need .permute(2, 0, 1))."
        + (f" The layer produces {weight[0]} channels." if weight else ""),
        f"卷积：该层的权重形状为 {w} = (out_channels, in_channels/groups, kH, kW)，"
        f"因此它需要 {m['expected']} 个输入通道，但输入 {x} 在维度 1 上"
        f"（布局为 (N, C, H, W)）是 {got}。\n提示：在该层中设置 in_channels={got}，"
        "或检查输入的布局（通道应在高和宽之前；图像常为 (H, W, C)，需要 .permute(2, 0, 1)）。"
        + (f"该层输出 {weight[0]} 个通道。" if weight else ""),
    )


def _want_zh(want: str) -> str:
    """'3D (unbatched) or 4D (batched)' -> '3D（不带批次维）或 4D（带批次维）'."""
    text = re.sub(r"\s*\(unbatched\)", "（不带批次维）", want)
    text = re.sub(r"\s*\(batched\)", "（带批次维）", text)
    text = re.sub(r"\s+or\s+", " 或 ", text)
    return re.sub(r"(?<=）)\s+", "", text)


def _conv_rank(m: re.Match) -> Texts:
    shape = _shape(m["shape"])
    return (
        f"{m['op']} expects a {m['want']} input, but got one of shape {shape}.\n"
        "Hint: add the batch and/or channel dimension, e.g. x.unsqueeze(0) for one image "
        "(C, H, W) -> (1, C, H, W), or x[None, None] for a bare (H, W) image.",
        f"{m['op']} 要求输入为 {_want_zh(m['want'])}，但得到的输入形状为 {shape}。\n"
        "提示：补上批次维和/或通道维，例如对单张图像用 x.unsqueeze(0)，"
        "把 (C, H, W) 变为 (1, C, H, W)；对只有 (H, W) 的图像用 x[None, None]。",
    )


def _conv_kernel_too_big(m: re.Match) -> Texts:
    x, k = _shape(m["input"]), _shape(m["kernel"])
    return (
        f"Convolution: after padding the input is {x} per channel, smaller "
        f"than the kernel {k}.\nThe output size is floor((H + 2P - K) / S) + "
        "1, which would be below 1. Hint: the feature map shrank too much in earlier layers: "
        "add padding, use fewer pooling steps, or a smaller kernel.",
        f"卷积：填充后每个通道的输入为 {x}，比卷积核 {k} 还小。\n"
        "输出大小为 floor((H + 2P - K) / S) + 1，这里会小于 1。"
        "提示：特征图在前面的层中缩得太小了，可以增加填充（padding）、减少池化次数，"
        "或换用更小的卷积核。",
    )


def _bmm(m: re.Match) -> Texts:
    want, got = _shape(m["want"]), _shape(m["got"])
    return (
        f"Batched matrix multiplication: the second tensor should start with {want} "
        f"(batch size, then the inner dimension of the first tensor) but starts with "
        f"{got}.\n{MATMUL_HINT[0]}",
        f"批量矩阵乘法：第二个张量的前两维应为 {want}（批大小，以及第一个张量的内侧维度），"
        f"实际却是 {got}。\n{MATMUL_HINT[1]}",
    )


def _mv(m: re.Match) -> Texts:
    mat = _shape(m["mat"])
    return (
        f"Matrix-vector product: the matrix is {mat} but the vector has "
        f"{m['vec']} elements; it needs as many as the matrix has columns.\n{MATMUL_HINT[0]}",
        f"矩阵与向量相乘：矩阵形状为 {mat}，但向量有 {m['vec']} 个元素；"
        f"向量的元素个数必须等于矩阵的列数。\n{MATMUL_HINT[1]}",
    )


def _torch_dot(m: re.Match) -> Texts:
    return (
        f"Dot product of vectors with {m['a']} and {m['b']} elements: both must have the same "
        "length.\nHint: print both shapes; for matrices use @ or torch.matmul.",
        f"向量点积：两个向量分别有 {m['a']} 和 {m['b']} 个元素，长度必须相同。\n"
        "提示：打印两者的形状；矩阵相乘请用 @ 或 torch.matmul。",
    )


def _axis(m: re.Match) -> Texts:
    last = int(m["ndim"]) - 1
    return (
        f"Axis {m['axis']} does not exist: the array has {m['ndim']} dimensions, so valid axes "
        f"are 0..{last} (or negative from the end).\nHint: print x.shape to see "
        "which dimensions it has.",
        f"轴 {m['axis']} 不存在：数组有 {m['ndim']} 个维度，有效的轴是 0..{last}"
        "（也可以用负数从末尾数起）。\n提示：打印 x.shape，看看它有哪些维度。",
    )


def _torch_dim(m: re.Match) -> Texts:
    return (
        f"Dimension {m['got']} does not exist: valid dimensions are {m['lo']}..{m['hi']}.\n"
        "Hint: print x.shape; the tensor has fewer dimensions than the code assumes.",
        f"维度 {m['got']} 不存在：有效的维度是 {m['lo']}..{m['hi']}。\n"
        "提示：打印 x.shape；张量的维数比代码假设的少。",
    )


def _layernorm(m: re.Match) -> Texts:
    norm, x = _shape(m["norm"]), _shape(m["input"])
    return (
        f"LayerNorm({norm}) normalises the last dimensions, so the input must end "
        f"with {norm}, but it has shape {x}.\nHint: set "
        "normalized_shape to the input's feature size (its last dimension).",
        f"LayerNorm({norm}) 对最后几个维度做归一化，因此输入的形状必须以 {norm} 结尾，"
        f"但它的形状是 {x}。\n提示：把 normalized_shape 设为输入的特征大小（即最后一维）。",
    )


def _batchnorm(m: re.Match) -> Texts:
    return (
        f"BatchNorm was built for {m['want']} channels but the input has {m['got']} at "
        "dimension 1 (N, C, ...).\nHint: BatchNorm2d(num_features) must equal the channels of "
        "the layer before it.",
        f"BatchNorm 是按 {m['want']} 个通道构建的，但输入在维度 1 上"
        f"（布局为 (N, C, ...)）是 {m['got']}。\n"
        "提示：BatchNorm2d(num_features) 必须等于前一层输出的通道数。",
    )


def _batch_size(m: re.Match) -> Texts:
    return (
        f"The loss got {m['a']} predictions but {m['b']} targets: the first dimensions must "
        "match.\nHint: check that predictions and labels come from the same batch, and that "
        "nothing flattened the batch dimension into another one.",
        f"损失函数收到了 {m['a']} 个预测，却有 {m['b']} 个目标：两者的第一维必须一致。\n"
        "提示：检查预测和标签是否来自同一个批次，以及批次维度是否被误展平到了其他维度中。",
    )


def _undefined_name(m: re.Match) -> Texts:
    name, close = m["name"], m["close"]
    if close:
        return (
            f"`{name}` is not defined, but `{close}` is: probably a typo.",
            f"`{name}` 没有定义，但 `{close}` 有定义：多半是拼写错误。",
        )
    return (
        f"`{name}` is not defined in this kernel yet. If an earlier cell creates it, run the "
        "cells above first (A runs them all; a kernel reset forgets everything), or check "
        "the spelling.",
        f"内核里还没有 `{name}`。如果它是在前面的单元格里创建的，请先运行上面的单元格"
        "（按 A 全部运行；重置内核会清空所有变量），或者检查拼写。",
    )


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    explain: Callable[[re.Match], Texts]


def _rule(pattern: str, explain_fn: Callable[[re.Match], Texts]) -> Rule:
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
    _rule(
        r"^name '(?P<name>\w+)' is not defined(?:\. Did you mean: '(?P<close>\w+)'\?)?",
        _undefined_name,
    ),
)

OPERANDS_PREFIX: Texts = ("Values on the failing line: ", "出错这一行的值：")


def explain(
    ename: str, evalue: str, operands: list[str] | None = None, lang: str = "en"
) -> str | None:
    """Words for a shape error in `lang` ("zh": Chinese, otherwise English), or None when the
    message is not a shape error we know."""
    index = 1 if lang == "zh" else 0
    for rule in RULES:
        match = rule.pattern.search(evalue)
        if match:
            text = rule.explain(match)[index]
            if operands:
                separator = "，" if index else ", "
                text = OPERANDS_PREFIX[index] + separator.join(operands) + "\n" + text
            return text
    return None
