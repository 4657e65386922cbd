"""A scalar autograd engine in the spirit of micrograd: Value, Neuron, Layer, MLP.

Every operation builds a new Value that remembers its inputs and defines, right next to its
forward computation, a `_backward` closure that pushes the output's gradient to those inputs
by the chain rule. `loss.backward()` visits the graph in reverse topological order so each
node's gradient is complete before it is passed on.
"""

from __future__ import annotations

import math
import random


class Value:
    """One scalar in a computation graph: its `data` and d(output)/d(this) in `grad`."""

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = ""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _children
        self._op = _op  # which operation made this node, for drawing the graph

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> Value:
        assert isinstance(exponent, int | float), "only constant exponents are supported"
        out = Value(self.data**exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> Value:
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def backward(self) -> None:
        """Fill `.grad` of every node this Value depends on with d(self)/d(node)."""
        self.grad = 1.0
        for node in reversed(topological_order(self)):  # outputs before their inputs
            node._backward()

    # The remaining operators are compositions of the ones above.
    def __neg__(self) -> Value:
        return self * -1

    def __radd__(self, other: float) -> Value:
        return self + other

    def __sub__(self, other: Value | float) -> Value:
        return self + (-other)

    def __rsub__(self, other: float) -> Value:
        return other + (-self)

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __truediv__(self, other: Value | float) -> Value:
        return self * other**-1

    def __rtruediv__(self, other: float) -> Value:
        return other * self**-1

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


def topological_order(root) -> list:
    """Every node `root` depends on (via `_prev`), each listed after all its inputs; root last.

    Uses an explicit stack rather than recursion, so long chains (a loss summed over many
    examples) do not hit Python's recursion limit. Works for Value and autograd.Tensor alike.
    """
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))  # comes back here once its inputs are all in `order`
            stack.extend((child, False) for child in node._prev)
    return order


def graph(root) -> tuple[list, list[tuple]]:
    """(nodes, edges) of the computation behind `root`, for drawing: an edge is (input, output).

    Each node has .data, .grad and ._op (the operation that made it, "" for a leaf).
    """
    nodes = topological_order(root)
    return nodes, [(child, node) for node in nodes for child in node._prev]


class Neuron:
    """w·x + b, followed by tanh (or nothing, for an output neuron)."""

    def __init__(self, nin: int, nonlin: bool = True, rng: random.Random | None = None):
        rng = rng or random.Random()
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x: list[Value | float]) -> Value:
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]


class Layer:
    """`nout` independent neurons reading the same inputs."""

    def __init__(self, nin: int, nout: int, nonlin: bool = True, rng: random.Random | None = None):
        self.neurons = [Neuron(nin, nonlin, rng) for _ in range(nout)]

    def __call__(self, x: list[Value | float]) -> list[Value]:
        return [n(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """A stack of Layers: MLP(3, [4, 4, 1]) maps 3 inputs through two tanh layers to 1 output."""

    def __init__(self, nin: int, nouts: list[int], seed: int | None = None):
        rng = random.Random(seed)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1, rng=rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x: list[Value | float]) -> list[Value] | Value:
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0
