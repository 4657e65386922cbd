"""Loss functions. `loss = L(input, target)` returns a float; `L.backward()` returns dloss/dinput.

Reductions follow torch: reduction="mean" (the default) averages over every element (for
cross-entropy: over samples), "sum" adds them up.
"""

from __future__ import annotations

import numpy as np

from kernels.activations import log_softmax, sigmoid
from kernels.base import Module


class _Loss(Module):
    def __init__(self, reduction="mean"):
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
        self.reduction = reduction

    def _reduce(self, per_element, count=None):
        """Reduce the per-element losses; remember the scale the backward pass needs."""
        count = per_element.size if count is None else count
        self.scale = 1.0 / max(count, 1) if self.reduction == "mean" else 1.0
        return float(per_element.sum() * self.scale)

    def _check_same_shape(self, input, target):
        if input.shape != target.shape:
            raise ValueError(
                f"{type(self).__name__}: input shape {input.shape} and target shape "
                f"{target.shape} must match"
            )


class MSELoss(_Loss):
    """mean((input - target)^2). input, target: any shape, the same."""

    def forward(self, input, target):
        self._check_same_shape(input, target)
        self.diff = input - target
        return self._reduce(self.diff**2)

    def backward(self, dout=1.0):
        return dout * 2.0 * self.diff * self.scale


class L1Loss(_Loss):
    """mean(|input - target|), the mean absolute error (MAE)."""

    def forward(self, input, target):
        self._check_same_shape(input, target)
        self.diff = input - target
        return self._reduce(np.abs(self.diff))

    def backward(self, dout=1.0):
        return dout * np.sign(self.diff) * self.scale


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on raw scores (logits); targets in [0, 1], any shape.

    -[y log s(x) + (1-y) log(1 - s(x))] = max(x, 0) - x*y + log(1 + e^-|x|), which never
    takes the log of 0 or exponentiates a large number.
    """

    def forward(self, input, target):
        self._check_same_shape(input, target)
        self.input, self.target = input, target
        per_element = np.maximum(input, 0) - input * target + np.log1p(np.exp(-np.abs(input)))
        return self._reduce(per_element)

    def backward(self, dout=1.0):
        return dout * (sigmoid(self.input) - self.target) * self.scale


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities p in [0, 1]. Logs are clamped at -100 like torch."""

    def forward(self, input, target):
        self._check_same_shape(input, target)
        self.input, self.target = input, target
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(input), -100.0)
            log_1mp = np.maximum(np.log(1.0 - input), -100.0)
        return self._reduce(-(target * log_p + (1.0 - target) * log_1mp))

    def backward(self, dout=1.0):
        p, y = self.input, self.target
        return dout * (p - y) / np.maximum(p * (1.0 - p), 1e-12) * self.scale


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy on logits.

    input: (N, C) logits. target: (N,) class indices, or (N, C) probabilities (e.g. one-hot).
    Samples whose class index equals ignore_index (-100 by default, as torch) do not count.
    """

    def __init__(self, reduction="mean", ignore_index=-100):
        super().__init__(reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        target = np.asarray(target)
        logp = log_softmax(input, axis=1)
        self.probs = np.exp(logp)
        if target.ndim == input.ndim:  # probabilities per class
            self._check_same_shape(input, target)
            self.target_probs = target
            return self._reduce(-(target * logp).sum(axis=1), count=input.shape[0])
        if target.shape != input.shape[:1]:
            raise ValueError(
                f"CrossEntropyLoss: class-index target must have shape (N,) = {input.shape[:1]}, "
                f"got {target.shape}"
            )
        keep = target != self.ignore_index
        safe = np.where(keep, target, 0)
        self.target_probs = np.zeros_like(input)
        self.target_probs[np.arange(len(target)), safe] = keep
        picked = logp[np.arange(len(target)), safe] * keep
        return self._reduce(-picked, count=int(keep.sum()))

    def backward(self, dout=1.0):
        # d/dlogits of -sum(t * log_softmax) = softmax * sum(t) - t
        t = self.target_probs
        return dout * (self.probs * t.sum(axis=1, keepdims=True) - t) * self.scale


class KLDivLoss(_Loss):
    """KL(target || q) with input = log q, as torch.nn.KLDivLoss(log_target=False).

    Pointwise target * (log target - input), taken as 0 where target is 0. reduction="batchmean"
    divides the sum by N (the true KL per sample); "mean" (torch's default) by every element.
    """

    def __init__(self, reduction="mean"):
        if reduction == "batchmean":
            super().__init__("sum")
            self.reduction = "batchmean"
        else:
            super().__init__(reduction)

    def forward(self, input, target):
        self._check_same_shape(input, target)
        self.target = target
        safe_log_target = np.log(np.where(target > 0, target, 1.0))
        per_element = np.where(target > 0, target * (safe_log_target - input), 0.0)
        if self.reduction == "batchmean":
            self.scale = 1.0 / input.shape[0]
            return float(per_element.sum() * self.scale)
        return self._reduce(per_element)

    def backward(self, dout=1.0):
        return -dout * self.target * self.scale
