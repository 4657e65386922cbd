"""The sandboxed execution kernel: every line of lesson and learner code runs here.

from tutor.sandbox import Kernel, Limits, ExecResult
"""

from tutor.sandbox.kernel import ExecResult, Kernel
from tutor.sandbox.limits import Limits

__all__ = ["ExecResult", "Kernel", "Limits"]
