"""Every display event kind rendered as a user sees it in a terminal."""

from __future__ import annotations

import io
import math
import sys
import types

import numpy as np
import pytest
from display_helpers import LENET_FAILING, has_colour, render
from rich.text import Text

from tutor.render.display import CurveBook, render_event
from tutor.render.plot import decimate

X = np.linspace(-4, 4, 81)


def activation_plot(**extra) -> dict:
    return {
        "kind": "plot",
        "title": "activations",
        "xlabel": "x",
        "ylabel": "f(x)",
        "series": [
            {
                "label": "sigmoid",
                "x": X.tolist(),
                "y": (1 / (1 + np.exp(-X))).tolist(),
                "style": "line",
            },
            {"label": "tanh", "x": X.tolist(), "y": np.tanh(X).tolist(), "style": "line"},
        ],
        **extra,
    }


def lines_of(plain: str) -> list[str]:
    return [line for line in plain.splitlines() if line.strip()]


# ---- plots -------------------------------------------------------------------------------


def test_line_plot_shows_title_axis_labels_legend_and_colour():
    plain, ansi = render(render_event(activation_plot(), width=70))
    assert "activations" in plain
    assert "sigmoid" in plain and "tanh" in plain
    assert "f(x)" in plain and lines_of(plain)[-1].strip().endswith("x")
    assert "1.00" in plain and "-1.00" in plain  # tanh's range on the y axis
    assert has_colour(ansi)


def test_monochrome_plot_has_no_colour_and_tells_series_apart_by_marker():
    plain, ansi = render(render_event(activation_plot(), width=70, color=False))
    assert not has_colour(ansi)
    assert "•• sigmoid" in plain and "++ tanh" in plain
    assert plain.count("+") > 20  # the tanh curve itself is drawn with its marker


def test_plot_size_follows_the_width_given_or_the_terminal():
    narrow, _ = render(render_event(activation_plot(), width=50), width=120)
    assert max(len(line) for line in narrow.splitlines()) <= 50
    wide, _ = render(render_event(activation_plot()), width=110)  # no width: use the terminal's
    widths = [len(line.rstrip()) for line in wide.splitlines()]
    assert 100 <= max(widths) <= 110


def test_missing_values_are_skipped_not_fatal():
    event = activation_plot()
    event["series"][0]["y"][10] = None
    plain, _ = render(render_event(event, width=60))
    assert "sigmoid" in plain


def test_scatter_with_classes_has_a_legend_entry_per_class():
    rng = np.random.default_rng(0)
    event = {
        "kind": "plot",
        "title": "two moons",
        "xlabel": "",
        "ylabel": "",
        "series": [
            {
                "label": f"class {c}",
                "x": rng.normal(c, 0.3, 30).tolist(),
                "y": rng.normal(0, 0.3, 30).tolist(),
                "style": "scatter",
            }
            for c in range(3)
        ],
    }
    plain, _ = render(render_event(event, width=70))
    for c in range(3):
        assert f"class {c}" in plain
    assert plain.count("●") >= 30


def test_histogram_shows_bars_and_count_axis():
    counts, edges = np.histogram(np.random.default_rng(1).normal(size=1000), bins=12)
    event = {"kind": "hist", "title": "weights", "edges": edges.tolist(), "counts": counts.tolist()}
    plain, _ = render(render_event(event, width=70))
    assert "weights" in plain and "count" in plain
    assert plain.count("█") > 50
    assert f"{counts.max():.2f}" in plain or str(counts.max()) in plain


def test_bar_chart_labels_in_reading_order():
    event = {
        "kind": "bar",
        "title": "class probabilities",
        "labels": ["airplane", "automobile", "bird"],
        "values": [0.7, 0.2, 0.1],
    }
    plain, _ = render(render_event(event, width=60))
    assert "class probabilities" in plain
    # long labels lie horizontally, first label on top
    assert plain.index("airplane") < plain.index("automobile") < plain.index("bird")
    short = {"kind": "bar", "title": "", "labels": ["cat", "dog"], "values": [3, 1]}
    plain, _ = render(render_event(short, width=60))
    assert plain.index("cat") < plain.index("dog")


def regions_event() -> dict:
    xs = np.linspace(-1, 1, 40)
    grid = (np.add.outer(xs, xs) > 0).astype(int)  # grid[row = y][col = x]: class 1 where x+y>0
    return {
        "kind": "regions",
        "title": "decision regions",
        "grid": grid.tolist(),
        "extent": [-1, 1, -1, 1],
        "points": [[-0.8, -0.8, 0], [0.8, 0.8, 1]],
    }


def test_decision_regions_are_half_blocks_with_points_and_legend():
    plain, ansi = render(render_event(regions_event(), width=60))
    assert "decision regions" in plain
    assert plain.count("▀") > 200
    body, legend = plain.rstrip("\n").rsplit("\n", 1)
    assert body.count("●") == 2 and legend.count("●") == 2
    assert "class 0" in plain and "class 1" in plain
    assert has_colour(ansi)


def test_decision_regions_monochrome_put_ymax_on_top():
    plain, ansi = render(render_event(regions_event(), width=60, color=False))
    assert not has_colour(ansi)
    rows = [line for line in plain.splitlines() if "┤" in line or "│" in line]
    top, bottom = rows[0], rows[-1]
    assert top.lstrip().startswith("1") and bottom.lstrip().startswith("-1")
    # class 1 (x + y > 0) fills the upper right, class 0 the lower left
    assert top.rstrip().endswith("░") and not bottom.split("┤")[1].startswith("░")
    assert top.index("1 ┤") < 3
    body = "\n".join(rows)
    assert body.index("1", 5) < body.index("0", body.index("\n"))  # point "1" above point "0"


# ---- heatmaps and images ----------------------------------------------------------------


def test_small_confusion_matrix_prints_values_labels_and_legend():
    matrix = [[50, 2, 3], [4, 40, 6], [1, 2, 60]]
    labels = ["cat", "dog", "bird"]
    event = {
        "kind": "heatmap",
        "title": "confusion",
        "data": matrix,
        "rows": labels,
        "cols": labels,
        "vmin": None,
        "vmax": None,
    }
    plain, ansi = render(render_event(event, width=60))
    lines = plain.splitlines()
    assert lines[0] == "confusion"
    header = lines[1]
    assert header.index("cat") < header.index("dog") < header.index("bird")
    dog_row = next(line for line in lines if line.strip().startswith("dog"))
    assert dog_row.split()[1:] == ["4", "40", "6"]
    assert lines[-1].split()[0] == "1" and lines[-1].split()[-1] == "60"  # min .. max legend
    assert "48;2;" in ansi  # cells coloured by value


def test_monochrome_heatmap_uses_shades_and_no_colour():
    data = [[0.0, 0.5], [0.75, 1.0]]
    event = {
        "kind": "heatmap",
        "title": "w",
        "data": data,
        "rows": None,
        "cols": None,
        "vmin": 0.0,
        "vmax": 1.0,
    }
    plain, ansi = render(render_event(event, width=60, color=False))
    assert not has_colour(ansi)
    assert "█ 1.00" in plain and "▒ 0.50" in plain
    assert "[ ░▒▓█]" in plain


def test_attention_weights_have_token_labels_on_both_axes():
    tokens = ["the", "cat", "sat", "on", "the", "mat"]
    weights = np.tril(np.ones((6, 6)))
    weights /= weights.sum(axis=1, keepdims=True)
    event = {
        "kind": "heatmap",
        "title": "attention",
        "data": weights.tolist(),
        "rows": tokens,
        "cols": tokens,
        "vmin": 0.0,
        "vmax": 1.0,
    }
    plain, _ = render(render_event(event, width=80))
    lines = plain.splitlines()
    assert all(t in lines[1] for t in tokens)
    assert [line.split()[0] for line in lines[2:8]] == tokens
    assert lines[2].split()[1:] == ["1.00"] + ["0.00"] * 5  # causal: first token sees itself


def test_large_heatmap_becomes_half_block_pixels_that_fit():
    data = np.random.default_rng(0).random((60, 120))
    event = {
        "kind": "heatmap",
        "title": "",
        "data": data.tolist(),
        "rows": None,
        "cols": None,
        "vmin": None,
        "vmax": None,
    }
    plain, _ = render(render_event(event, width=70))
    pixel_lines = [line for line in plain.splitlines() if "▀" in line]
    assert pixel_lines and max(len(line) for line in pixel_lines) <= 70


def digit(size: int) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    return np.exp(-((yy - size / 2) ** 2 + (xx - size / 2) ** 2) / (size * 2))


def test_28x28_digit_is_14_lines_of_half_blocks():
    plain, ansi = render(
        render_event({"kind": "image", "title": "a 28x28 digit", "data": digit(28).tolist()})
    )
    pixel_lines = [line for line in plain.splitlines() if "▀" in line]
    assert len(pixel_lines) == 14 and all(len(line) == 28 for line in pixel_lines)
    assert "a 28x28 digit" in plain
    assert "38;2;" in ansi and "48;2;" in ansi  # upper pixel fg, lower pixel bg


def test_8x8_digit_is_enlarged_to_be_readable():
    plain, _ = render(render_event({"kind": "image", "title": "", "data": digit(8).tolist()}))
    pixel_lines = [line for line in plain.splitlines() if "▀" in line]
    assert len(pixel_lines[0]) >= 16


def test_monochrome_image_uses_shade_characters():
    plain, ansi = render(
        render_event({"kind": "image", "title": "", "data": digit(8).tolist()}, color=False)
    )
    assert not has_colour(ansi)
    assert "█" in plain and "░" in plain and "▀" not in plain


def test_rgb_image_and_out_of_range_values():
    rgb = np.zeros((4, 4, 3))
    rgb[:, :, 0] = 5.0  # red, outside [0, 1]: rescaled, not an error
    plain, ansi = render(render_event({"kind": "image", "title": "red", "data": rgb.tolist()}))
    assert "▀" in plain and "38;2;255;0;0" in ansi


def test_image_grid_lays_out_titled_tiles_side_by_side():
    rng = np.random.default_rng(0)
    items = [{"title": f"filter {i}", "data": rng.normal(size=(5, 5)).tolist()} for i in range(6)]
    plain, _ = render(
        render_event({"kind": "images", "title": "conv1 filters", "items": items}, width=80)
    )
    assert "conv1 filters" in plain
    first_titles = next(line for line in plain.splitlines() if "filter 0" in line)
    assert "filter 1" in first_titles and "filter 2" in first_titles
    assert all(f"filter {i}" in plain for i in range(6))


# ---- tables, math, markdown, errors, tests -----------------------------------------------


def test_table_event():
    event = {
        "kind": "table",
        "title": "results",
        "headers": ["model", "acc"],
        "rows": [["mlp", "0.97"], ["cnn", "0.99"]],
    }
    plain, _ = render(render_event(event))
    assert "results" in plain and "model" in plain and "cnn" in plain and "0.99" in plain


def test_math_the_renderer_fails_on_shows_the_latex_source(monkeypatch):
    broken = types.ModuleType("tutor.render.math")

    def render_math(latex, display=True, ascii=False):
        raise RuntimeError("renderer bug")

    broken.render_math = render_math
    monkeypatch.setitem(sys.modules, "tutor.render.math", broken)
    plain, _ = render(render_event({"kind": "math", "latex": r"\frac{a}{b}"}))
    assert r"\frac{a}{b}" in plain


def test_math_uses_the_math_renderer_when_present(monkeypatch):
    fake = types.ModuleType("tutor.render.math")
    fake.render_math = lambda latex, display=True, ascii=False: Text("a\n─\nb")
    monkeypatch.setitem(sys.modules, "tutor.render.math", fake)
    plain, _ = render(render_event({"kind": "math", "latex": r"\frac{a}{b}"}))
    assert plain.splitlines() == ["a", "─", "b"]


def test_markdown_event():
    plain, _ = render(
        render_event({"kind": "markdown", "text": "# Softmax\nturns *scores* into probabilities"})
    )
    assert "Softmax" in plain and "turns scores into probabilities" in plain
    assert "#" not in plain and "*" not in plain


def test_error_shows_trimmed_traceback_headline_once_and_explanation():
    frames = "".join(f'  File "cell", line {i}, in f{i}\n' for i in range(100))
    event = {
        "kind": "error",
        "ename": "ValueError",
        "evalue": "shapes (3,4) and (5,6) not aligned",
        "traceback": "Traceback (most recent call last):\n"
        + frames
        + "ValueError: shapes (3,4) and (5,6) not aligned",
        "explanation": "The inner dimensions 4 and 5 must match.",
    }
    plain, ansi = render(render_event(event, width=100))
    assert plain.count("ValueError: shapes (3,4) and (5,6) not aligned") == 1
    assert "line 99" in plain and "line 0," not in plain and "earlier lines hidden" in plain
    assert "The inner dimensions 4 and 5 must match." in plain
    assert has_colour(ansi)


@pytest.mark.parametrize("color", [True, False])
def test_test_event_is_a_pass_or_fail_line(color):
    passed, _ = render(
        render_event(
            {"kind": "test", "name": "test_shape", "passed": True, "message": ""}, color=color
        )
    )
    failed, ansi = render(
        render_event(
            {"kind": "test", "name": "test_grad", "passed": False, "message": "max error 0.3"},
            color=color,
        )
    )
    assert passed.strip() == "✓ PASS test_shape"
    assert failed.strip() == "✗ FAIL test_grad  max error 0.3"
    assert has_colour(ansi) == color


def test_stream_and_single_curve_events():
    plain, _ = render(render_event({"kind": "stream", "name": "stdout", "text": "hello [b]x[/b]"}))
    assert plain.strip() == "hello [b]x[/b]"  # printed text is not markup
    plain, _ = render(
        render_event(
            {
                "kind": "curve",
                "id": "loss",
                "title": "loss",
                "x": 3,
                "values": {"train": 0.9, "val": 1.1},
            }
        )
    )
    assert plain.strip() == "loss @ 3: train=0.9, val=1.1"


@pytest.mark.parametrize(
    "event",
    [
        {"kind": "hologram"},
        {"no": "kind"},
        {"kind": "heatmap", "data": "not a matrix"},
        {"kind": "image", "data": [[[1, 2]]]},
        {"kind": "plot", "series": [{"x": [1, 2], "y": ["a", "b"]}]},
        {"kind": "regions", "grid": [], "extent": [0, 1]},
        {"kind": "hist", "edges": [0, 1], "counts": [1, 2, 3]},
        {"kind": "table", "rows": None},
    ],
)
def test_bad_or_unknown_events_render_a_notice_never_raise(event):
    plain, _ = render(render_event(event))
    assert plain.strip()


# ---- shape traces ------------------------------------------------------------------------


def test_shapes_event_lists_every_op_and_marks_the_failing_one():
    plain, ansi = render(
        render_event({"kind": "shapes", "title": "LeNet", "trace": LENET_FAILING}), width=150
    )
    for entry in LENET_FAILING:
        assert entry["name"] in plain
    assert "(64, 6, 14, 14)" in plain and "2,416" in plain
    assert "H_out = floor((28 - 2)/2) + 1 = 14" in plain
    fail_line = next(line for line in plain.splitlines() if "fc1 Linear" in line)
    caret_line = plain.splitlines()[plain.splitlines().index(fail_line) + 1]
    # the carets sit under the mismatching dimension, 1600
    col = fail_line.index("1600")
    assert caret_line[col : col + 4] == "^^^^"
    assert "shape error at op 6" in plain
    red_fc1 = ansi.split("fc1 Linear")[0].rsplit("\x1b[", 1)[-1]
    assert "31" in red_fc1  # the failing row is red


def test_shape_step_shows_shapes_params_and_formula_with_numbers():
    from tutor.render.shapes import shape_step

    plain, _ = render(shape_step(LENET_FAILING, 1), width=100)
    assert "op 2 of 6: conv1 Conv2d" in plain
    assert "(64, 1, 28, 28)" in plain and "(64, 6, 28, 28)" in plain
    assert "156" in plain
    assert "H_out = floor((28 + 2*2 - 5)/1) + 1 = 28" in plain
    assert "▶   2" in plain  # the current op is marked in the neighbour strip


def test_shape_step_on_the_failing_op_shows_the_error_and_bad_dim():
    from tutor.render.shapes import shape_step

    plain, ansi = render(shape_step(LENET_FAILING, 5), width=100)
    assert "mat1 and mat2 shapes cannot be multiplied" in plain
    lines = plain.splitlines()
    i = next(k for k, line in enumerate(lines) if "(64, 1600)" in line)
    assert lines[i + 1][lines[i].index("1600") :].startswith("^^^^")
    assert "\x1b[1;7;31m" in ansi or "7;31" in ansi  # the bad dim itself in reverse red


def test_shape_table_monochrome_keeps_the_marks():
    plain, ansi = render(
        render_event({"kind": "shapes", "title": "", "trace": LENET_FAILING}, color=False),
        width=150,
    )
    assert not has_colour(ansi)
    assert "^^^^" in plain and "✗ mat1" in plain


# ---- live curves -------------------------------------------------------------------------


def test_curve_book_gathers_points_by_id():
    book = CurveBook()
    for step in range(300):
        book.add(
            {
                "kind": "curve",
                "id": "loss",
                "title": "loss",
                "x": step,
                "values": {"train": math.exp(-step / 100), "val": math.exp(-step / 80) + 0.1},
            }
        )
        if step % 10 == 0:
            book.add(
                {
                    "kind": "curve",
                    "id": "acc",
                    "title": "accuracy",
                    "x": step,
                    "values": {"train": 1 - math.exp(-step / 100)},
                }
            )
    assert book.ids() == ["loss", "acc"]
    assert book.curve("loss").point_count == 300 and book.curve("acc").point_count == 30
    plain, _ = render(book.render("loss", width=70, height=16))
    assert "loss" in plain and "train" in plain and "val" in plain and "step" in plain
    assert len(plain.splitlines()) <= 16
    plain, _ = render(book.render("acc", width=70, height=16))
    assert "accuracy" in plain and "val" not in plain


def test_long_series_are_decimated_without_losing_spikes():
    xs = list(range(100_000))
    ys = [0.0] * 100_000
    ys[54_321] = 9.0
    ys[77_777] = -3.0
    dx, dy = decimate(xs, ys, limit=600)
    assert len(dx) <= 600
    assert max(dy) == 9.0 and min(dy) == -3.0
    assert dx == sorted(dx)


def test_a_real_numpy_trace_with_a_shape_error_renders():
    kernels = pytest.importorskip("kernels")
    from kernels.activations import ReLU
    from kernels.conv import Conv2d
    from kernels.linear import Flatten, Linear, Sequential
    from kernels.pooling import MaxPool2d
    from tutor.render.shapes import shape_step

    model = Sequential(
        Conv2d(1, 6, 5, padding=2), ReLU(), MaxPool2d(2), Flatten(), Linear(100, 10)
    )  # after pooling there are 6*14*14 = 1176 features, not 100
    with pytest.raises(ValueError), kernels.trace() as recorded:
        model(np.zeros((2, 1, 28, 28)))
    trace = recorded.to_data()
    plain, _ = render(render_event({"kind": "shapes", "title": "", "trace": trace}), width=150)
    assert "(2, 6, 28, 28)" in plain and "(2, 1176)" in plain
    assert "= 28" in plain and "= 14" in plain  # conv and pool size formulas with numbers
    failing = next(i for i, e in enumerate(trace) if e["error"])
    plain, _ = render(shape_step(trace, failing), width=150)
    lines = plain.splitlines()
    i = next(k for k, line in enumerate(lines) if "(2, 1176)" in line)
    assert lines[i + 1][lines[i].index("1176") :].startswith("^^^^")


def test_a_terminal_without_colour_gets_the_monochrome_drawing():
    from rich.console import Console

    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(render_event({"kind": "image", "title": "", "data": digit(8).tolist()}))
    plain = console.export_text()
    assert "▀" not in plain and "█" in plain and "░" in plain


def test_every_event_tutor_show_emits_renders():
    show = pytest.importorskip("tutor.show")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    labels = (X[:, 0] > 0).astype(int)
    with show.capture() as events:
        show.curve(0, train=1.0, val=1.2)
        show.plot(X[:, 0], {"sigmoid": 1 / (1 + np.exp(-X[:, 0]))}, title="sigmoid")
        show.scatter(X, labels, title="data")
        show.regions(lambda p: (p[:, 0] > 0).astype(int), X, labels, resolution=20)
        show.hist(rng.normal(size=500), bins=10, title="weights")
        show.bar(["a", "b"], [1.0, 2.0], title="bars")
        show.heatmap(rng.random((3, 3)), rows=["x", "y", "z"], cols=["x", "y", "z"], title="hm")
        show.image(rng.random((28, 28)), title="noise")
        show.images([rng.random((8, 8)) for _ in range(3)], titles=["a", "b", "c"], title="grid")
        show.table([["mlp", 0.97]], headers=["model", "acc"])
        show.markdown("**bold** text")
    assert len(events) == 11
    for event in events:
        for color in (True, False):
            plain, ansi = render(render_event(event, color=color))
            assert plain.strip(), event["kind"]
            assert "cannot display" not in plain, (event["kind"], plain)
            if not color:
                assert not has_colour(ansi), event["kind"]


def test_chinese_token_labels_line_up_by_terminal_cells():
    tokens = ["我", "爱", "深度学习"]
    event = {
        "kind": "heatmap",
        "title": "注意力",
        "data": np.eye(3).tolist(),
        "rows": tokens,
        "cols": tokens,
        "vmin": 0.0,
        "vmax": 1.0,
    }
    plain, _ = render(render_event(event, color=False))
    from rich.cells import cell_len

    lines = plain.splitlines()[1:5]
    # every row (header included) ends at the same terminal column
    assert len({cell_len(line.rstrip()) for line in lines}) == 1
    assert lines[3].startswith("深度学习 ")
