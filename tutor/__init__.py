"""dltutor: a terminal tutor for deep learning, from NumPy to a small GPT."""

__version__ = "0.1.0"
