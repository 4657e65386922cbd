"""Check a backward pass against numerical derivatives (central differences).

    numerical_grad(lambda: float(f(x)), x)      # dL/dx, one element at a time
    ok, err = gradcheck(my_layer, x)            # does my_layer.backward agree with the numbers?

Work in float64: with eps=1e-6 central differences are accurate to about 1e-9, so a correct
backward gives relative errors around 1e-8 and a wrong one gives errors near 1.
"""

from __future__ import annotations

import numpy as np


def numerical_grad(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """dL/dx by central differences: (f(x + eps) - f(x - eps)) / 2eps for each element of x.

    `f` takes no arguments and returns a scalar computed from the *current* contents of x
    (x is changed in place and restored), or takes x itself.
    """
    call = (lambda: f(x)) if _takes_argument(f) else f
    grad = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + eps
        plus = float(call())
        x[i] = saved - eps
        minus = float(call())
        x[i] = saved
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def _takes_argument(f) -> bool:
    import inspect

    try:
        return len(inspect.signature(f).parameters) > 0
    except (TypeError, ValueError):
        return False


def relative_error(analytic, numeric) -> float:
    """||a - n|| / (||a|| + ||n||): 0 when equal, near 1 when unrelated; scale-free.

    The denominator never drops below 1e-6, so two gradients that are both ~0 (where the
    numerical one is only rounding noise) count as equal.
    """
    a, n = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    denom = max(float(np.linalg.norm(a) + np.linalg.norm(n)), 1e-6)
    return float(np.linalg.norm(a - n) / denom)


def gradient_errors(module, *inputs, eps=1e-6, seed=0) -> dict[str, float]:
    """Relative error of every input gradient and parameter gradient of `module`.

    The scalar checked is L = sum(module(*inputs) * w) for a fixed random w, so every output
    element matters. Keys: "input0", "input1", ... and parameter names ("weight", "0.bias").
    Modules with randomness (Dropout in training mode) cannot be checked this way.
    """
    rng = np.random.default_rng([seed, 7919])  # not the stream a test drew x from
    out = module.forward(*inputs)
    scalar_output = np.ndim(out) == 0
    w = 1.0 if scalar_output else rng.standard_normal(np.shape(out))

    def loss():
        return float(np.sum(np.asarray(module.forward(*inputs)) * w))

    module.zero_grad()
    module.forward(*inputs)
    grads = module.backward(w)
    if not isinstance(grads, tuple):
        grads = (grads,)
    analytic = {p_name: p.grad.copy() for p_name, p in module.named_parameters()}

    errors = {}
    for i, (x, g) in enumerate(zip(inputs, grads)):
        if g is None or not (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
            continue
        errors[f"input{i}"] = relative_error(g, numerical_grad(loss, x, eps))
    for p_name, p in module.named_parameters():
        errors[p_name] = relative_error(analytic[p_name], numerical_grad(loss, p.data, eps))
    return errors


def gradcheck(module, *inputs, eps=1e-6, tol=1e-6, seed=0) -> tuple[bool, float]:
    """(ok, max_rel_error): whether module.backward matches numerical gradients within tol."""
    errors = gradient_errors(module, *inputs, eps=eps, seed=seed)
    worst = max(errors.values(), default=0.0)
    return worst <= tol, worst
