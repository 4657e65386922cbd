"""Learning-rate schedules: they set `optimizer.lr` each time `step()` is called (once per epoch
or per iteration, as you choose). Values match torch.optim.lr_scheduler.

    sched = CosineAnnealingLR(opt, T_max=100)
    for epoch in range(100): train(...); sched.step()
"""

from __future__ import annotations

import math


class LRScheduler:
    """Closed-form schedules: subclasses give lr_at(t) for step count t = 0, 1, 2, ..."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, t: int) -> float:
        raise NotImplementedError

    def step(self) -> None:
        self.last_epoch += 1
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def get_last_lr(self) -> float:
        return self.optimizer.lr


class StepLR(LRScheduler):
    """Multiply the lr by gamma every step_size steps."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer)

    def lr_at(self, t):
        return self.base_lr * self.gamma ** (t // self.step_size)


def cosine(t, T_max, base_lr, eta_min=0.0):
    """Half a cosine wave from base_lr (t=0) down to eta_min (t=T_max)."""
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


class CosineAnnealingLR(LRScheduler):
    def __init__(self, optimizer, T_max, eta_min=0.0):
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer)

    def lr_at(self, t):
        return cosine(t, self.T_max, self.base_lr, self.eta_min)


class LinearWarmup(LRScheduler):
    """Grow the lr linearly from start_factor * lr to lr over warmup_steps, then hold it.

    (torch.optim.lr_scheduler.LinearLR with end_factor=1 and total_iters=warmup_steps.)
    """

    def __init__(self, optimizer, warmup_steps, start_factor=0.1):
        self.warmup_steps, self.start_factor = warmup_steps, start_factor
        super().__init__(optimizer)

    def lr_at(self, t):
        progress = min(t, self.warmup_steps) / self.warmup_steps
        return self.base_lr * (self.start_factor + (1 - self.start_factor) * progress)


class WarmupCosine(LRScheduler):
    """Linear warm-up for warmup_steps, then a cosine down to eta_min at total_steps.

    The usual schedule for transformers (torch: SequentialLR of LinearLR and CosineAnnealingLR).
    """

    def __init__(self, optimizer, warmup_steps, total_steps, eta_min=0.0, start_factor=0.1):
        self.warmup_steps, self.total_steps = warmup_steps, total_steps
        self.eta_min, self.start_factor = eta_min, start_factor
        super().__init__(optimizer)

    def lr_at(self, t):
        if t < self.warmup_steps:
            return self.base_lr * (
                self.start_factor + (1 - self.start_factor) * t / self.warmup_steps
            )
        decay_steps = self.total_steps - self.warmup_steps
        return cosine(t - self.warmup_steps, decay_steps, self.base_lr, self.eta_min)


class ReduceLROnPlateau:
    """Cut the lr by `factor` when the metric has not improved for `patience` steps.

    Call `step(metric)` after each evaluation. mode="min" for a loss, "max" for an accuracy.
    """

    def __init__(
        self,
        optimizer,
        mode="min",
        factor=0.1,
        patience=10,
        threshold=1e-4,
        threshold_mode="rel",
        cooldown=0,
        min_lr=0.0,
        eps=1e-8,
    ):
        if factor >= 1.0:
            raise ValueError("factor should be < 1.0")
        self.optimizer, self.mode, self.factor, self.patience = optimizer, mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    def is_better(self, value) -> bool:
        # torch's rule, including its sign quirk: "rel" scales best itself, not |best|
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return value < self.best * (1 - self.threshold)
            return value < self.best - self.threshold
        if self.threshold_mode == "rel":
            return value > self.best * (1 + self.threshold)
        return value > self.best + self.threshold

    def step(self, metric) -> None:
        metric = float(metric)
        if self.is_better(metric):
            self.best, self.num_bad_epochs = metric, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:  # right after a cut, give the new lr time to work
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            new_lr = max(self.optimizer.lr * self.factor, self.min_lr)
            if self.optimizer.lr - new_lr > self.eps:
                self.optimizer.lr = new_lr
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0

    def get_last_lr(self) -> float:
        return self.optimizer.lr
