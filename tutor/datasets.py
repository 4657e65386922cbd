"""Small data sets shipped with the course (see lessons/data/README.md for sources and licences).

Lesson code runs in the sandbox kernel; these loaders only read files inside the installed
`lessons` package, so they work offline and from any working directory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def data_dir() -> Path:
    import lessons

    return Path(lessons.__file__).resolve().parent / "data"


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The UCI 8x8 handwritten digits: images (1797, 8, 8) float64 in [0, 1], labels (1797,) int64."""
    with np.load(data_dir() / "digits8x8.npz") as data:
        images = data["images"].astype(np.float64) / 16.0
        labels = data["labels"].astype(np.int64)
    return images, labels
