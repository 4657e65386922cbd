"""Readable NumPy implementations of deep-learning operations, each checked against PyTorch.

`kernels.trace()` records the shapes of a forward pass (see kernels/tracing.py).
"""

from kernels.tracing import ShapeTrace, trace

__all__ = ["ShapeTrace", "trace"]
