"""Gradient clipping, in place on each Parameter's .grad (as torch.nn.utils does)."""

from __future__ import annotations

import numpy as np


def clip_grad_norm_(parameters, max_norm, norm_type=2.0) -> float:
    """Scale all gradients together so their joint norm is at most max_norm.

    Returns the norm before clipping (worth logging: spikes show instability).
    """
    grads = [p.grad for p in parameters]
    if not grads:
        return 0.0
    if norm_type == np.inf:
        total = max(float(np.abs(g).max(initial=0.0)) for g in grads)
    else:
        per_param = [np.sum(np.abs(g) ** norm_type) for g in grads]
        total = float(np.sum(per_param) ** (1.0 / norm_type))
    coef = min(max_norm / (total + 1e-6), 1.0)  # the 1e-6 avoids dividing by a zero norm
    for g in grads:
        g *= coef
    return total


def clip_grad_value_(parameters, clip_value) -> None:
    """Clamp every gradient element into [-clip_value, clip_value]."""
    for p in parameters:
        np.clip(p.grad, -clip_value, clip_value, out=p.grad)
