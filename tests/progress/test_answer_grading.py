"""What a learner may type, and what the grader makes of it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from progress_builders import multiple, numeric, shape, short_text, single

from tutor.grading.answers import answer_format, correct_answer, format_shape, grade_answer

SINGLE = single(correct=1, n=4)  # B is right
MULTIPLE = multiple(correct=(0, 2), n=4)  # A and C are right
HALF = numeric(number=0.5)
PI = numeric(number=3.14159, abs_tol=0.01)
MILLI = numeric(number=0.001, rel_tol=0.05)
FIFTY = numeric(number=50)
THIRD = numeric(number=1 / 3)
SHAPE = shape(dims=(2, 3))
VECTOR = shape(dims=(4,))
SCALAR = shape(dims=())
TEXT = short_text(accept=("gradient descent", "梯度下降"))
RELU = short_text(accept=("ReLU",))

CASES = [
    # single choice: letters, numbers, decoration, choice text
    (SINGLE, "B", "correct"),
    (SINGLE, "b", "correct"),
    (SINGLE, " (b) ", "correct"),
    (SINGLE, "B.", "correct"),
    (SINGLE, "2", "correct"),
    (SINGLE, "Ｂ", "correct"),  # full-width letter
    (SINGLE, "option 2", "correct"),  # the text of choice B
    (SINGLE, "A", "wrong"),
    (SINGLE, "4", "wrong"),
    (SINGLE, "E", "invalid"),  # only A-D
    (SINGLE, "0", "invalid"),
    (SINGLE, "A,C", "invalid"),  # one answer only
    (SINGLE, "banana", "invalid"),
    (SINGLE, "", "invalid"),
    (SINGLE, "   ", "invalid"),
    # multiple choice: any order, any separator, all and only the right ones
    (MULTIPLE, "A,C", "correct"),
    (MULTIPLE, "c, a", "correct"),
    (MULTIPLE, "a c", "correct"),
    (MULTIPLE, "1 3", "correct"),
    (MULTIPLE, "AC", "correct"),
    (MULTIPLE, "A、C", "correct"),  # ideographic comma
    (MULTIPLE, "Ａ，Ｃ", "correct"),  # full-width letters and comma
    (MULTIPLE, "A, C, C", "correct"),
    (MULTIPLE, "A", "wrong"),  # not all
    (MULTIPLE, "A,B,C", "wrong"),  # not only
    (MULTIPLE, "A,F", "invalid"),
    (MULTIPLE, "A, maybe C", "invalid"),
    # numbers: forms, tolerance, percent
    (HALF, "0.5", "correct"),
    (HALF, ".5", "correct"),
    (HALF, "1/2", "correct"),
    (HALF, "½", "correct"),
    (HALF, "50%", "correct"),
    (HALF, "5e-1", "correct"),
    (HALF, "= 0.5", "correct"),
    (HALF, "０.５", "correct"),  # full-width digits
    (HALF, "0.51", "wrong"),  # no tolerance given: exact
    (HALF, "0,5", "invalid"),  # decimal comma
    (HALF, "half", "invalid"),
    (HALF, "1/0", "invalid"),
    (HALF, "nan", "invalid"),
    (HALF, "1e999", "invalid"),
    (PI, "3.14", "correct"),  # within abs_tol 0.01
    (PI, "3.16", "wrong"),
    (PI, "−3.14", "wrong"),  # the Unicode minus sign is read as minus
    (MILLI, "1e-3", "correct"),
    (MILLI, "1.04e-3", "correct"),  # within 5 %
    (MILLI, "1.1e-3", "wrong"),
    (MILLI, "1×10^-3", "correct"),
    (MILLI, "10^-3", "correct"),
    (MILLI, "0.1%", "correct"),
    (FIFTY, "50%", "correct"),  # "in percent": p counts as well as p/100
    (FIFTY, "50", "correct"),
    (FIFTY, "1_000", "wrong"),
    (THIRD, "1/3", "correct"),
    (THIRD, "0.333", "wrong"),
    # shapes
    (SHAPE, "(2, 3)", "correct"),
    (SHAPE, "2x3", "correct"),
    (SHAPE, "2 X 3", "correct"),
    (SHAPE, "2×3", "correct"),
    (SHAPE, "[2,3]", "correct"),
    (SHAPE, "torch.Size([2, 3])", "correct"),
    (SHAPE, "2, 3", "correct"),
    (SHAPE, "（2，3）", "correct"),  # full-width brackets and comma
    (SHAPE, "(3, 2)", "wrong"),
    (SHAPE, "(2, 3, 1)", "wrong"),
    (SHAPE, "(2, N)", "invalid"),
    (SHAPE, "(2.5, 3)", "invalid"),
    (SHAPE, "(-1, 3)", "invalid"),
    (VECTOR, "(4,)", "correct"),
    (VECTOR, "4", "correct"),
    (VECTOR, "torch.Size([4])", "correct"),
    (SCALAR, "()", "correct"),
    (SCALAR, "torch.Size([])", "correct"),
    (SCALAR, "(1,)", "wrong"),
    # short text
    (TEXT, "gradient descent", "correct"),
    (TEXT, "  Gradient Descent. ", "correct"),
    (TEXT, "gradient-descent", "correct"),
    (TEXT, "GRADIENT   DESCENT", "correct"),
    (TEXT, "梯度下降", "correct"),
    (TEXT, "梯度下降。", "correct"),  # CJK full stop
    (TEXT, "「梯度 下降」", "correct"),  # CJK quotes, space between CJK characters
    (TEXT, "ｇｒａｄｉｅｎｔ　ｄｅｓｃｅｎｔ", "correct"),  # full-width letters and space
    (TEXT, "gradient ascent", "wrong"),
    (TEXT, "梯度上升", "wrong"),
    (RELU, "relu", "correct"),
    (RELU, "ＲｅＬＵ", "correct"),
    (RELU, "re lu x", "wrong"),
]


@pytest.mark.parametrize(
    ("question", "typed", "expected"),
    CASES,
    ids=[f"{q.kind}-{i}-{typed!r}" for i, (q, typed, _e) in enumerate(CASES)],
)
def test_grading_table(question, typed, expected):
    verdict = grade_answer(question, typed)
    assert verdict.status == expected, verdict.message
    assert verdict.message


def test_table_is_large_enough():
    assert len(CASES) >= 40
    assert {q.kind for q, _t, _e in CASES} == {"single", "multiple", "numeric", "shape", "text"}


@pytest.mark.parametrize(
    ("question", "typed", "fragment"),
    [
        (HALF, "0,5", "0.5, not 0,5"),
        (HALF, "half", "Type a number such as"),
        (HALF, "1/0", "divides by zero"),
        (SHAPE, "(2, N)", "e.g. (2, 3), 2x3"),
        (SINGLE, "E", "only 4 choices"),
        (SINGLE, "A,C", "exactly one"),
        (MULTIPLE, "A, maybe C", "'maybe'"),
        (SINGLE, "", "Type an answer"),
    ],
)
def test_unreadable_input_says_what_format_is_expected(question, typed, fragment):
    verdict = grade_answer(question, typed)
    assert verdict.status == "invalid"
    assert fragment in verdict.message


def test_wrong_answers_echo_how_the_input_was_read():
    assert "(2, 3, 1)" in grade_answer(SHAPE, "2x3x1").message
    assert "A, B, C" in grade_answer(MULTIPLE, "c b a").message
    assert "0.25" in grade_answer(HALF, "1/4").message


def test_near_miss_within_ten_tolerances_is_called_close():
    assert "Close" in grade_answer(PI, "3.2").message
    assert "Close" not in grade_answer(PI, "4").message


def test_messages_follow_the_language():
    assert grade_answer(HALF, "0.5", lang="zh").message == "正确。"
    assert "数字" in grade_answer(HALF, "half", lang="zh").message
    assert "形状" in grade_answer(SHAPE, "??", lang="zh").message


def test_correct_answer_and_format_are_typeable():
    for question, _typed, _expected in CASES:
        key = correct_answer(question)
        if question.kind in ("single", "multiple"):
            key = ",".join(part.split(")")[0] for part in key.split("; "))
        elif question.kind == "numeric":
            key = key.split(" ")[0]
        assert grade_answer(question, key).correct, (question, key)
    assert "A–D" in answer_format(SINGLE)
    assert "(2, 3)" in answer_format(SHAPE)


@given(st.lists(st.integers(min_value=0, max_value=4096), max_size=5))
def test_every_written_form_of_a_shape_is_read_back(dims):
    question = shape(dims=tuple(dims))
    forms = [format_shape(tuple(dims)), f"torch.Size({list(dims)})", str(list(dims))]
    if dims:
        forms += ["x".join(map(str, dims)), " × ".join(map(str, dims))]
    for typed in forms:
        assert grade_answer(question, typed).correct, typed


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_a_number_printed_by_python_is_read_back_exactly(value):
    assert grade_answer(numeric(number=value), repr(value)).correct
    assert grade_answer(numeric(number=value), str(value)).correct


def test_every_question_of_the_bundled_course_accepts_its_own_key():
    from tutor.course.catalog import load_catalog

    catalog = load_catalog()
    checked = 0
    for lesson in catalog.lessons.values():
        for question in lesson.questions:
            if question.kind in ("single", "multiple"):
                keys = [",".join(chr(ord("A") + i) for i in question.correct_indices)]
            elif question.kind == "text":
                keys = list(question.accept)
            elif question.kind == "numeric":
                keys = [correct_answer(question).split(" ")[0]]  # without "(± tolerance)"
            else:
                keys = [correct_answer(question)]
            for key in keys:
                verdict = grade_answer(question, key)
                assert verdict.correct, (lesson.id, question.id, key, verdict.message)
            checked += 1
    assert checked > 0
