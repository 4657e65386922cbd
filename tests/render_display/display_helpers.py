"""Shared by the display tests: render as a terminal shows it, and sample shape traces."""

from __future__ import annotations

import re

from rich.console import Console

SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR_PARAMS = {38, 48, *range(30, 38), *range(40, 48), *range(90, 98), *range(100, 108)}


def render(renderable, width: int = 80) -> tuple[str, str]:
    """(plain text, text with ANSI codes) as a truecolor terminal `width` columns wide shows it."""
    console = Console(
        width=width, record=True, color_system="truecolor", force_terminal=True, file=_Null()
    )
    console.print(renderable)
    ansi = console.export_text(styles=True, clear=False)
    plain = console.export_text(styles=False)
    return plain, ansi


def has_colour(ansi: str) -> bool:
    for match in SGR.finditer(ansi):
        params = [int(p) for p in match.group(1).split(";") if p]
        if any(p in COLOUR_PARAMS for p in params):
            return True
    return False


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


# shape traces in the format kernels.trace() records (see kernels/tracing.py)

LENET_FAILING = [
    {
        "index": 0,
        "depth": 0,
        "path": "",
        "name": "LeNet",
        "kind": "module",
        "inputs": [[64, 1, 28, 28]],
        "output": None,
        "params": 0,
        "formula": None,
        "error": None,
        "bad_dim": None,
    },
    {
        "index": 1,
        "depth": 1,
        "path": "conv1",
        "name": "Conv2d",
        "kind": "module",
        "inputs": [[64, 1, 28, 28]],
        "output": [64, 6, 28, 28],
        "params": 156,
        "formula": "H_out = floor((28 + 2*2 - 5)/1) + 1 = 28",
        "error": None,
        "bad_dim": None,
    },
    {
        "index": 2,
        "depth": 1,
        "path": "pool1",
        "name": "MaxPool2d",
        "kind": "module",
        "inputs": [[64, 6, 28, 28]],
        "output": [64, 6, 14, 14],
        "params": 0,
        "formula": "H_out = floor((28 - 2)/2) + 1 = 14",
        "error": None,
        "bad_dim": None,
    },
    {
        "index": 3,
        "depth": 1,
        "path": "conv2",
        "name": "Conv2d",
        "kind": "module",
        "inputs": [[64, 6, 14, 14]],
        "output": [64, 16, 10, 10],
        "params": 2416,
        "formula": "H_out = floor((14 + 2*0 - 5)/1) + 1 = 10",
        "error": None,
        "bad_dim": None,
    },
    {
        "index": 4,
        "depth": 1,
        "path": "flatten",
        "name": "flatten",
        "kind": "op",
        "inputs": [[64, 16, 10, 10]],
        "output": [64, 1600],
        "params": 0,
        "formula": None,
        "error": None,
        "bad_dim": None,
    },
    {
        "index": 5,
        "depth": 1,
        "path": "fc1",
        "name": "Linear",
        "kind": "module",
        "inputs": [[64, 1600]],
        "output": None,
        "params": 48120,
        "formula": None,
        "error": "mat1 and mat2 shapes cannot be multiplied (64x1600 and 400x120)",
        "bad_dim": [0, 1],
    },
]

LENET_OK = [dict(e, error=None, bad_dim=None) for e in LENET_FAILING[:5]]
