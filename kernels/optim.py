"""Optimisers: SGD (momentum, Nesterov), AdaGrad, RMSProp, AdaDelta, Adam, AdamW.

    opt = Adam(model.parameters(), lr=1e-3)
    loss = ...; model.zero_grad(); model.backward(...); opt.step()

Each update is written exactly as torch.optim computes it, so both take the same steps.
Per-parameter state (moments, buffers) lives in `opt.state[i]` for the i-th parameter.
"""

from __future__ import annotations

import numpy as np


class Optimizer:
    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = lr
        self.state = [{} for _ in self.params]
        self.steps = 0

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad[...] = 0.0

    def step(self) -> None:
        self.steps += 1
        for p, state in zip(self.params, self.state):
            self.update(p, p.grad, state)

    def update(self, p, grad, state) -> None:
        """Change p.data in place using its gradient and its own state dict."""
        raise NotImplementedError


class SGD(Optimizer):
    """p -= lr * g; with momentum, g is a running sum buf = momentum * buf + (1 - dampening) g."""

    def __init__(
        self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
    ):
        super().__init__(params, lr)
        self.momentum, self.dampening = momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov

    def update(self, p, grad, state):
        g = grad + self.weight_decay * p.data if self.weight_decay else grad
        if self.momentum:
            if "buf" not in state:
                state["buf"] = g.copy()
            else:
                state["buf"] = self.momentum * state["buf"] + (1 - self.dampening) * g
            # Nesterov looks ahead: the gradient plus the momentum it is about to add
            g = g + self.momentum * state["buf"] if self.nesterov else state["buf"]
        p.data -= self.lr * g


class AdaGrad(Optimizer):
    """Divide by the root of the sum of all past squared gradients: rare features move more."""

    def __init__(
        self,
        params,
        lr=1e-2,
        lr_decay=0.0,
        weight_decay=0.0,
        initial_accumulator_value=0.0,
        eps=1e-10,
    ):
        super().__init__(params, lr)
        self.lr_decay, self.weight_decay, self.eps = lr_decay, weight_decay, eps
        self.initial_accumulator_value = initial_accumulator_value

    def update(self, p, grad, state):
        g = grad + self.weight_decay * p.data if self.weight_decay else grad
        state.setdefault("sum", np.full_like(p.data, self.initial_accumulator_value))
        state["sum"] += g * g
        lr = self.lr / (1 + (self.steps - 1) * self.lr_decay)
        p.data -= lr * g / (np.sqrt(state["sum"]) + self.eps)


class RMSProp(Optimizer):
    """Like AdaGrad but with an exponential average of squared gradients (forgets the past)."""

    def __init__(
        self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False
    ):
        super().__init__(params, lr)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay
        self.momentum, self.centered = momentum, centered

    def update(self, p, grad, state):
        g = grad + self.weight_decay * p.data if self.weight_decay else grad
        a = self.alpha
        state["square_avg"] = a * state.get("square_avg", 0.0) + (1 - a) * g * g
        if self.centered:  # subtract the squared mean: a variance estimate
            state["grad_avg"] = a * state.get("grad_avg", 0.0) + (1 - a) * g
            avg = np.sqrt(state["square_avg"] - state["grad_avg"] ** 2) + self.eps
        else:
            avg = np.sqrt(state["square_avg"]) + self.eps
        if self.momentum > 0:
            state["buf"] = self.momentum * state.get("buf", 0.0) + g / avg
            p.data -= self.lr * state["buf"]
        else:
            p.data -= self.lr * g / avg


class AdaDelta(Optimizer):
    """Step = RMS(past steps) / RMS(gradients) * g: units match, lr is only a final scale."""

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
        super().__init__(params, lr)
        self.rho, self.eps, self.weight_decay = rho, eps, weight_decay

    def update(self, p, grad, state):
        g = grad + self.weight_decay * p.data if self.weight_decay else grad
        rho, eps = self.rho, self.eps
        state["square_avg"] = rho * state.get("square_avg", 0.0) + (1 - rho) * g * g
        acc_delta = state.get("acc_delta", np.zeros_like(p.data))
        delta = np.sqrt(acc_delta + eps) / np.sqrt(state["square_avg"] + eps) * g
        state["acc_delta"] = rho * acc_delta + (1 - rho) * delta * delta
        p.data -= self.lr * delta


class Adam(Optimizer):
    """Momentum (first moment m) divided by RMS (second moment v), both bias-corrected."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay

    def update(self, p, grad, state):
        g = grad + self.weight_decay * p.data if self.weight_decay else grad
        self.adam_step(p, g, state)

    def adam_step(self, p, g, state):
        b1, b2 = self.betas
        state["m"] = b1 * state.get("m", 0.0) + (1 - b1) * g
        state["v"] = b2 * state.get("v", 0.0) + (1 - b2) * g * g
        # early averages start at 0 and are too small: divide by (1 - beta^t) to correct
        bias1, bias2 = 1 - b1**self.steps, 1 - b2**self.steps
        denom = np.sqrt(state["v"]) / np.sqrt(bias2) + self.eps
        p.data -= (self.lr / bias1) * state["m"] / denom


class AdamW(Adam):
    """Adam with *decoupled* weight decay: shrink the weights directly, not through g."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr, betas, eps, weight_decay)

    def update(self, p, grad, state):
        p.data *= 1 - self.lr * self.weight_decay
        self.adam_step(p, grad, state)
