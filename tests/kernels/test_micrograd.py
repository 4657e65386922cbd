"""The scalar autograd engine: gradients by hand-checked examples, and it learns."""

import pytest

from kernels.micrograd import MLP, Value, graph


def test_gradient_of_a_hand_checked_expression():
    # f(a, b) = a*b + b**2 ; df/da = b = 3, df/db = a + 2b = 8
    a, b = Value(2.0), Value(3.0)
    f = a * b + b**2
    f.backward()
    assert f.data == 15.0
    assert (a.grad, b.grad) == (3.0, 8.0)


def test_a_value_used_twice_accumulates_its_gradient():
    a = Value(-4.0)
    f = a + a
    f.backward()
    assert a.grad == 2.0


def test_a_long_chain_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    total = Value(0.0)
    for _ in range(5000):
        total = total + x * 0.5
    total.backward()
    assert x.grad == pytest.approx(2500.0)


def test_mlp_learns_a_tiny_dataset_by_gradient_descent():
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1], seed=1)

    def loss():
        return sum((model(x) - y) ** 2 for x, y in zip(xs, ys))

    first = loss().data
    for _ in range(50):
        total = loss()
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
    assert loss().data < 0.1 * first


def test_graph_lists_every_node_once_with_its_input_edges():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    d = c + a  # a feeds two operations
    nodes, edges = graph(d)
    assert nodes[-1] is d and len(nodes) == 4
    assert {(id(x), id(y)) for x, y in edges} == {
        (id(a), id(c)),
        (id(b), id(c)),
        (id(c), id(d)),
        (id(a), id(d)),
    }
    assert [n._op for n in nodes if n._prev] == ["*", "+"]
