"""Shape tracing: record every layer and op of a forward pass with its input and output shapes.

    with kernels.trace() as t:
        model(x)
    t.to_data()   # list of plain dicts, in call order, nested by module (see ShapeTrace.to_data)
    t.table()     # the same as a Rich table

Works on NumPy kernel modules (Module.__call__ goes through `call_module`), on kernel ops marked
with `@traced_op`, and, when the caller has imported torch, on torch nn.Modules (global forward
hooks) and torch functions (a TorchFunctionMode). When a shape error happens mid-pass, the entries
up to and including the failing one are kept, the failing entry says why, and the error propagates.

Ops called inside a *leaf* module (one without child modules, e.g. Linear calling F.linear) are not
recorded: the module's own entry already says everything. Ops called inside other ops are skipped
for the same reason.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

_active: list[ShapeTrace] = []  # innermost trace last; only it records


@dataclass
class _Frame:
    entry: dict
    records_ops: bool  # False inside leaf modules and ops: their inner ops are not recorded
    path: str
    names: dict[int, str] = field(default_factory=dict)  # id(child module) -> attribute name


# ---------------------------------------------------------------- shapes of values


def _is_array(value) -> bool:
    return hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(value, type)


def shapes_of(values) -> list[list[int]]:
    """The shapes of the arrays/tensors among `values`, looking inside tuples, lists and dicts."""
    found: list[list[int]] = []

    def visit(v):
        if _is_array(v):
            found.append([int(d) for d in v.shape])
        elif isinstance(v, list | tuple):
            for item in v:
                visit(item)
        elif isinstance(v, dict):
            for item in v.values():
                visit(item)

    visit(values)
    return found


def _output_shape(value):
    """One shape for a single array, a list of shapes for several, [] for a Python number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return []
    shapes = shapes_of(value)
    if _is_array(value) or len(shapes) == 1:
        return shapes[0]
    return shapes or None


# ---------------------------------------------------------------- conv / pool formulas


def conv_output_formula(
    dim: str,
    size: int,
    kernel: int,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> tuple[str, int]:
    """The output size of a convolution or pooling along one axis, as a filled-in formula.

    The dilation term appears only when the dilation is not 1, so the common case reads
    like the textbook formula floor((H + 2P - K)/S) + 1:

    >>> conv_output_formula("H", 32, 3, padding=1)
    ('H_out = floor((32 + 2*1 - 3)/1) + 1 = 32', 32)
    >>> conv_output_formula("H", 32, 3, dilation=2)
    ('H_out = floor((32 + 2*0 - 2*(3-1) - 1)/1) + 1 = 28', 28)
    """
    rounding = math.ceil if ceil_mode else math.floor
    out = rounding((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
    name = "ceil" if ceil_mode else "floor"
    if dilation == 1:
        inner = f"{size} + 2*{padding} - {kernel}"
    else:
        inner = f"{size} + 2*{padding} - {dilation}*({kernel}-1) - 1"
    return f"{dim}_out = {name}(({inner})/{stride}) + 1 = {out}", out


def conv_transpose_output_formula(
    dim: str, size: int, kernel: int, stride=1, padding=0, dilation=1, output_padding=0
) -> tuple[str, int]:
    """The output size of a transposed convolution along one axis, as a filled-in formula."""
    out = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    text = (
        f"{dim}_out = ({size}-1)*{stride} - 2*{padding} + {dilation}*({kernel}-1)"
        f" + {output_padding} + 1 = {out}"
    )
    return text, out


def _tuple(value, n: int) -> tuple:
    return tuple(value) if isinstance(value, list | tuple) else (value,) * n


def spatial_formula(
    input_shape, kernel, stride, padding, dilation=1, ceil_mode=False, **transposed
):
    """Formulas for every spatial axis of an (N, C, L) / (N, C, H, W) input, joined by '; '."""
    n = len(_tuple(kernel, 1)) if isinstance(kernel, list | tuple) else len(input_shape) - 2
    if n < 1 or len(input_shape) < n:
        return None
    sizes = input_shape[-n:]
    names = ["L"] if n == 1 else ["H", "W"] if n == 2 else ["D", "H", "W"][-n:]
    kernel, stride, padding, dilation = (_tuple(v, n) for v in (kernel, stride, padding, dilation))
    if any(isinstance(p, str) for p in padding):  # torch's padding="same"/"valid"
        return None
    parts = []
    for i in range(n):
        if transposed:
            out_pad = _tuple(transposed.get("output_padding", 0), n)[i]
            text, _ = conv_transpose_output_formula(
                names[i], sizes[i], kernel[i], stride[i], padding[i], dilation[i], out_pad
            )
        else:
            text, _ = conv_output_formula(
                names[i], sizes[i], kernel[i], stride[i], padding[i], dilation[i], ceil_mode
            )
        parts.append(text)
    # a square input through a square kernel: say it once, "H_out = W_out = ..."
    if len(parts) > 1 and len({p.split(" = ", 1)[1] for p in parts}) == 1:
        return " = ".join(f"{name}_out" for name in names) + " = " + parts[0].split(" = ", 1)[1]
    return "; ".join(parts)


def _torch_formula(module, input_shape):
    name = type(module).__name__
    if name.startswith("ConvTranspose"):
        return spatial_formula(
            input_shape,
            module.kernel_size,
            module.stride,
            module.padding,
            module.dilation,
            transposed=True,
            output_padding=module.output_padding,
        )
    if name.startswith("Conv"):
        return spatial_formula(
            input_shape, module.kernel_size, module.stride, module.padding, module.dilation
        )
    if name.startswith(("MaxPool", "AvgPool")):
        stride = module.stride or module.kernel_size
        return spatial_formula(
            input_shape,
            module.kernel_size,
            stride,
            module.padding,
            getattr(module, "dilation", 1),
            module.ceil_mode,
        )
    return None


# positional parameters after the input of torch's functional conv and pooling ops
_CONV_PARAMS = ("weight", "bias", "stride", "padding", "dilation")
_MAX_POOL_PARAMS = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
_AVG_POOL_PARAMS = ("kernel_size", "stride", "padding", "ceil_mode")
_OP_PARAMS = {
    "conv1d": _CONV_PARAMS,
    "conv2d": _CONV_PARAMS,
    "max_pool1d": _MAX_POOL_PARAMS,
    "max_pool2d": _MAX_POOL_PARAMS,
    "avg_pool1d": _AVG_POOL_PARAMS,
    "avg_pool2d": _AVG_POOL_PARAMS,
}


def _torch_op_formula(name, args, kwargs):
    """The size formula of F.conv2d(x, w, ...) / F.max_pool2d(x, 2) style calls, else None."""
    names = _OP_PARAMS.get(name)
    if names is None or not args or not _is_array(args[0]):
        return None
    p = dict(zip(names, args[1:]))
    p.update({k: v for k, v in kwargs.items() if k in names})
    if name.startswith("conv"):
        kernel = tuple(int(k) for k in p["weight"].shape[2:])
        stride = p.get("stride", 1)
    else:
        kernel = p["kernel_size"]
        stride = p.get("stride") or kernel  # pooling's stride defaults to the kernel size
    return spatial_formula(
        [int(d) for d in args[0].shape],
        kernel,
        stride,
        p.get("padding", 0),
        p.get("dilation", 1),
        bool(p.get("ceil_mode", False)),
    )


# ---------------------------------------------------------------- which dimension is wrong


def _expected_last_dim(module):
    for attr in ("in_features", "input_size", "embed_dim", "d_model"):
        value = getattr(module, attr, None)
        if isinstance(value, int):
            return value
    shape = getattr(module, "normalized_shape", None)
    if isinstance(shape, int):
        return shape
    if isinstance(shape, list | tuple) and len(shape) == 1:
        return int(shape[0])
    return None


def _expected_channels(module):
    for attr in ("in_channels", "num_features", "num_channels"):
        value = getattr(module, attr, None)
        if isinstance(value, int):
            return value
    return None


def guess_bad_dim(name: str, module, inputs: list[list[int]]):
    """[input_index, dim_index] of the dimension that does not fit, or None when unsure."""
    if not inputs:
        return None
    first = inputs[0]
    if module is not None:
        last = _expected_last_dim(module)
        if last is not None and first and first[-1] != last:
            return [0, len(first) - 1]
        channels = _expected_channels(module)
        if channels is not None and len(first) >= 2 and first[1] != channels:
            return [0, 1]
        return None
    if len(inputs) >= 2:
        a, b = inputs[0], inputs[1]
        if name in ("matmul", "mm", "bmm", "linear", "dot") and a and b:
            if name == "linear":  # weight is (out, in)
                return [0, len(a) - 1] if a[-1] != b[-1] else None
            row = len(b) - 2 if len(b) >= 2 else 0
            return [1, row] if a[-1] != b[row] else None
        if name in ("cat", "concatenate", "stack"):
            return None
        for offset in range(1, min(len(a), len(b)) + 1):  # broadcasting, right-aligned
            if a[-offset] != b[-offset] and 1 not in (a[-offset], b[-offset]):
                return [1, len(b) - offset]
    return None


# ---------------------------------------------------------------- the trace


class ShapeTrace:
    """The recorded calls of one `with kernels.trace():` block."""

    def __init__(self):
        self.entries: list[dict] = []
        self._stack: list[_Frame] = []
        self._busy = False  # True while our own bookkeeping runs (so it is not traced)
        self._torch_handles: list = []
        self._torch_mode = None

    # ------------------------------------------------------------ recording

    def _records_ops_here(self) -> bool:
        return not self._stack or self._stack[-1].records_ops

    def _child_path(self, module) -> str:
        if not self._stack:
            return ""
        parent = self._stack[-1]
        name = parent.names.get(id(module))
        if name is None:
            # not a direct attribute of the parent (e.g. created on the fly): use its class name
            name = type(module).__name__
        return f"{parent.path}.{name}" if parent.path else name

    def open(
        self, name, kind, inputs, module=None, params=0, formula=None, names=None, leaf=True
    ) -> _Frame:
        entry = {
            "index": len(self.entries),
            "depth": len(self._stack),
            "path": self._child_path(module) if module is not None else self._op_path(name),
            "name": name,
            "kind": kind,
            "inputs": shapes_of(inputs),
            "output": None,
            "params": int(params),
            "formula": formula,
            "error": None,
            "bad_dim": None,
        }
        self.entries.append(entry)
        frame = _Frame(
            entry,
            records_ops=(kind == "module" and not leaf),
            path=entry["path"],
            names=names or {},
        )
        self._stack.append(frame)
        return frame

    def _op_path(self, name) -> str:
        parent = self._stack[-1].path if self._stack else ""
        return f"{parent}.{name}" if parent else name

    def close(self, frame: _Frame, output=None, error: BaseException | None = None, module=None):
        # pop back to this frame even if inner frames were left open by an exception
        while self._stack and self._stack[-1] is not frame:
            self._stack.pop()
        if self._stack:
            self._stack.pop()
        if error is None:
            frame.entry["output"] = _output_shape(output)
            return
        if getattr(error, "_dltutor_traced", False):
            return  # an inner entry already holds this error
        frame.entry["error"] = f"{type(error).__name__}: {error}"
        frame.entry["bad_dim"] = guess_bad_dim(frame.entry["name"], module, frame.entry["inputs"])
        with contextlib.suppress(AttributeError):  # some exceptions refuse new attributes
            error._dltutor_traced = True

    # ------------------------------------------------------------ results

    def to_data(self) -> list[dict]:
        """Plain, JSON-serialisable dicts, one per recorded call, in call order:

        index, depth (nesting level), path ("features.0"; "" for the outermost module), name
        ("Conv2d", "relu"), kind ("module" | "op"), inputs (list of shapes), output (a shape,
        a list of shapes when several, [] for a Python number, None if the call failed),
        params (parameters the module owns directly), formula (conv/pool output-size formula
        with numbers, else None), error ("Type: message" on the failing entry only, else
        None), bad_dim ([input_index, dim_index] of the offending dimension, or None).
        """
        return [dict(e) for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.to_data())

    def table(self):
        """The trace as a Rich table (drawn by tutor.render.shapes, the one renderer of traces)."""
        from tutor.render.shapes import shape_table

        return shape_table(self.to_data(), title="shape trace")


@contextmanager
def trace():
    """Record the shapes of every module and op called inside the block (see module docstring)."""
    t = ShapeTrace()
    _active.append(t)
    torch_tracing = sys.modules.get("torch") is not None  # never import torch ourselves
    if torch_tracing:
        _start_torch(t)
    try:
        yield t
    finally:
        if torch_tracing:
            _stop_torch(t)
        _active.remove(t)
        t._stack.clear()


def current() -> ShapeTrace | None:
    return _active[-1] if _active else None


# ---------------------------------------------------------------- NumPy kernels


def _own_params(module) -> int:
    return sum(
        v.data.size for v in vars(module).values() if hasattr(v, "grad") and hasattr(v, "data")
    )


def call_module(module, inputs, kwargs):
    """Run `module.forward`, recording it in the active trace (Module.__call__ uses this)."""
    t = current()
    if t is None or t._busy:
        return module.forward(*inputs, **kwargs)
    names = {id(child): name for name, child in module.children()}
    input_shapes = shapes_of(list(inputs) + list(kwargs.values()))
    formula_of = getattr(module, "shape_formula", None)
    formula = formula_of(input_shapes[0]) if formula_of and input_shapes else None
    frame = t.open(
        type(module).__name__,
        "module",
        list(inputs) + list(kwargs.values()),
        module=module,
        params=_own_params(module),
        formula=formula,
        names=names,
        leaf=not names,
    )
    try:
        output = module.forward(*inputs, **kwargs)
    except Exception as error:
        t.close(frame, error=error, module=module)
        raise
    t.close(frame, output=output)
    return output


def traced_op(fn):
    """Decorator: record calls of a kernel function (e.g. softmax) as "op" entries."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t = current()
        if t is None or t._busy or not t._records_ops_here():
            return fn(*args, **kwargs)
        frame = t.open(fn.__name__, "op", list(args) + list(kwargs.values()))
        try:
            output = fn(*args, **kwargs)
        except Exception as error:
            t.close(frame, error=error)
            raise
        t.close(frame, output=output)
        return output

    return wrapper


# ---------------------------------------------------------------- torch modules and functions

# tensor methods that only read metadata or convert; they would drown the trace
_TORCH_SKIP = {
    "size",
    "dim",
    "numel",
    "item",
    "tolist",
    "numpy",
    "is_floating_point",
    "is_contiguous",
    "data_ptr",
    "element_size",
    "has_names",
    "iter",
    "hash",
    "detach",
    "backward",
    "setitem",
    "dtype",
    "len",
    "repr",
    "format",
    "bool",
    "device",
    "grad_fn",
    "requires_grad",
    "is_leaf",
    "names",
    "retain_grad",
    "storage_offset",
}


def _torch_name(func) -> str | None:
    """The op's name for the trace ("add" for Tensor.__add__), or None to leave it out."""
    name = getattr(func, "__name__", None) or type(func).__name__
    if name in ("__get__", "__set__"):
        owner = getattr(func, "__self__", None)
        name = getattr(owner, "__name__", name)
    if name.endswith("_") and not name.startswith("__"):
        return None  # in-place ops (fill_, kaiming_uniform_ while building a model) keep shapes
    name = name.strip("_") or name
    return None if name in _TORCH_SKIP else name


def _start_torch(t: ShapeTrace) -> None:
    from torch.nn.modules import module as torch_module
    from torch.overrides import TorchFunctionMode

    root_names: dict[int, str] = {}
    open_frames: dict[int, list[_Frame]] = {}  # id(module) -> frames (a module may recurse)

    def pre_hook(module, args):
        if t._busy or _active[-1] is not t:
            return
        t._busy = True
        try:
            if not t._stack:
                root_names.clear()
                root_names.update({id(m): n for n, m in module.named_modules()})
            names = {id(m): n for n, m in module.named_children()}
            shapes = shapes_of(args)
            formula = _torch_formula(module, shapes[0]) if shapes else None
            params = sum(p.numel() for p in module.parameters(recurse=False))
            frame = t.open(
                type(module).__name__,
                "module",
                args,
                module=module,
                params=params,
                formula=formula,
                names=names,
                leaf=not names,
            )
            if id(module) in root_names and root_names[id(module)]:
                frame.entry["path"] = frame.path = root_names[id(module)]
            open_frames.setdefault(id(module), []).append(frame)
        finally:
            t._busy = False

    def post_hook(module, args, output):
        frames = open_frames.get(id(module))
        if t._busy or not frames:
            return
        frame = frames.pop()
        t._busy = True
        try:
            error = sys.exc_info()[1]  # always_call: we run inside torch's except block on failure
            if error is not None and output is None:
                t.close(frame, error=error, module=module)
            else:
                t.close(frame, output=output)
        finally:
            t._busy = False

    class _FunctionRecorder(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            name = _torch_name(func)
            record = (
                not t._busy
                and _active[-1] is t
                and t._records_ops_here()
                and name is not None
                and shapes_of(list(args) + list(kwargs.values()))
            )
            if not record:
                return func(*args, **kwargs)
            frame = t.open(name, "op", list(args) + list(kwargs.values()))
            t._busy = True  # reading shapes and arguments below must not be traced
            try:
                frame.entry["formula"] = _torch_op_formula(name, args, kwargs)
            except Exception:  # an unusual call signature: no formula, never a failed forward
                frame.entry["formula"] = None
            finally:
                t._busy = False
            try:
                output = func(*args, **kwargs)
            except Exception as error:
                t.close(frame, error=error)
                raise
            if not shapes_of(output) and t.entries[-1] is frame.entry:
                t.entries.pop()  # not a tensor op after all (e.g. x.shape): leave it out
                t._stack.remove(frame)
                return output
            t.close(frame, output=output)
            return output

    t._torch_handles = [
        torch_module.register_module_forward_pre_hook(pre_hook),
        torch_module.register_module_forward_hook(post_hook, always_call=True),
    ]
    t._torch_mode = _FunctionRecorder()
    t._torch_mode.__enter__()


def _stop_torch(t: ShapeTrace) -> None:
    if t._torch_mode is not None:
        t._torch_mode.__exit__(None, None, None)
    for handle in t._torch_handles:
        handle.remove()
    t._torch_handles = []
    t._torch_mode = None
