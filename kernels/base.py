"""The two building blocks every kernel shares: Parameter and Module.

A Module is a layer or a whole model written in NumPy. `forward` computes the output and
caches what `backward` needs; `backward(dout)` returns the gradient with respect to the
input(s) and *accumulates* gradients into each Parameter's `.grad` (as PyTorch does), so
shared weights add up and `zero_grad()` starts a new step.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from kernels.tracing import call_module


class Parameter:
    """A trainable array and the gradient accumulated for it."""

    def __init__(self, data: np.ndarray):
        data = np.asarray(data)
        self.data = data if data.dtype.kind == "f" else data.astype(np.float64)
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape})"


class Module:
    """Base class: subclasses define forward(*inputs) and backward(dout)."""

    training: bool = True

    def forward(self, *inputs):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __call__(self, *inputs, **kwargs):
        # every call goes through the active shape trace, if any (kernels.trace())
        return call_module(self, inputs, kwargs)

    def children(self) -> Iterator[tuple[str, Module]]:
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value
            elif isinstance(value, list | tuple):
                for i, item in enumerate(value):
                    if isinstance(item, Module):
                        yield f"{name}.{i}", item

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Parameter]]:
        for name, value in vars(self).items():
            if isinstance(value, Parameter):
                yield prefix + name, value
        for name, child in self.children():
            yield from child.named_parameters(prefix + name + ".")

    def parameters(self) -> list[Parameter]:
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        return sum(p.data.size for p in self.parameters())

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad[...] = 0.0

    def train(self, mode: bool = True) -> Module:
        self.training = mode
        for _, child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def __repr__(self) -> str:
        # like torch's: children indented under their names; leaves list their parameter shapes
        own = ", ".join(
            f"{name}={tuple(v.data.shape)}"
            for name, v in vars(self).items()
            if isinstance(v, Parameter)
        )
        lines = [f"({name}): {child!r}".replace("\n", "\n  ") for name, child in self.children()]
        if not lines:
            return f"{type(self).__name__}({own})"
        return type(self).__name__ + "(\n  " + "\n  ".join(lines) + "\n)"
