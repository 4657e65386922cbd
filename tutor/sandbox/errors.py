"""An exception in a cell, as the learner should see it: their code, not the machinery."""

from __future__ import annotations

import ast
import contextlib
import linecache
import os
import traceback

from tutor.sandbox.explain import explain


def _is_learner_frame(filename: str, cell_names: set[str]) -> bool:
    return filename in cell_names


def _where(filename: str) -> str:
    """'…/site-packages/numpy/_core/fromnumeric.py' -> 'numpy/_core/fromnumeric.py'."""
    parts = filename.replace(os.sep, "/").split("/")
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[parts.index(marker) + 1 :])
    for package in ("kernels", "tutor", "lessons"):
        if package in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(package) - 1 :])
    return "/".join(parts[-2:])


def trimmed_traceback(exc: BaseException, cell_names: set[str]) -> str:
    """The traceback restricted to the learner's cells, plus one line for where it was raised.

    Frames of the kernel itself are dropped, library frames between learner frames are
    summarised in one line; a SyntaxError shows the offending line with its caret.
    """
    lines: list[str] = []
    frames = traceback.extract_tb(exc.__traceback__)
    learner = [i for i, f in enumerate(frames) if _is_learner_frame(f.filename, cell_names)]
    if learner and not isinstance(exc, SyntaxError):
        lines.append("Traceback (most recent call last):\n")
        frames = frames[learner[0] :]
        skipped: list[traceback.FrameSummary] = []
        for frame in frames:
            if _is_learner_frame(frame.filename, cell_names):
                if skipped:
                    lines.append(_summary(skipped))
                    skipped = []
                lines.extend(traceback.format_list([frame]))
            else:
                skipped.append(frame)
        if skipped:
            lines.append(_summary(skipped))
    lines.extend(traceback.format_exception_only(type(exc), exc))
    return "".join(lines)


def _summary(frames: list[traceback.FrameSummary]) -> str:
    last = frames[-1]
    more = f" (+{len(frames) - 1} more frames)" if len(frames) > 1 else ""
    return f"  [inside {_where(last.filename)}, in {last.name}{more}]\n"


MAX_OPERANDS = 6


def operand_shapes(exc: BaseException, cell_names: set[str]) -> list[str]:
    """'x: (2, 3)' for each array-like named on the learner's failing line.

    Only plain names and attribute chains (x, self.W) are looked up, never called, so
    finding them runs no learner code beyond attribute access.
    """
    tb, frame, lineno = exc.__traceback__, None, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in cell_names:
            frame, lineno = tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
    if frame is None:
        return []
    line = linecache.getline(frame.f_code.co_filename, lineno).strip()
    try:
        tree = ast.parse(line.rstrip(":") if line.endswith(":") else line)
    except SyntaxError:
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if len(found) >= MAX_OPERANDS:
            break
        if not isinstance(node, ast.Name | ast.Attribute) or not isinstance(node.ctx, ast.Load):
            continue
        text = ast.unparse(node)
        value = _lookup(text, frame)
        shape = getattr(value, "shape", None)
        if shape is not None and not callable(shape):
            entry = f"{text}: {tuple(int(d) for d in shape)}"
            if entry not in found:
                found.append(entry)
    return found


def _lookup(dotted: str, frame):
    names = dotted.split(".")
    scopes = (frame.f_locals, frame.f_globals, frame.f_builtins)
    for scope in scopes:
        if names[0] in scope:
            value = scope[names[0]]
            break
    else:
        return None
    for name in names[1:]:
        try:
            value = getattr(value, name)
        except Exception:
            return None
    return value


def error_event(exc: BaseException, cell_names: set[str], lang: str = "en") -> dict:
    ename = type(exc).__name__
    evalue = str(exc)
    explanation = explain(ename, evalue, lang=lang)
    if explanation is not None:
        # the operands' shapes are a bonus; the explanation stands without them
        with contextlib.suppress(Exception):
            explanation = explain(ename, evalue, operand_shapes(exc, cell_names), lang=lang)
    return {
        "kind": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": trimmed_traceback(exc, cell_names),
        "explanation": explanation,
    }
