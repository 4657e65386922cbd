"""Grade an exercise: run its tests against the learner's code inside the sandbox kernel.

The learner's code never runs in this process. One kernel call executes a small harness
that builds a fresh namespace, runs the exercise's `setup`, the learner's code and the
`tests`, then calls every `test_*` function in the order written and emits one
`{"kind": "test", ...}` event per test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.course.model import Exercise

HARNESS = r"""
def __dltutor_grade(setup, learner, tests, lang):
    import traceback
    from tutor import show

    def say(en, zh=None):
        return zh if (lang == "zh" and zh) else en

    def emit(name, passed, message):
        show.emit({"kind": "test", "name": name, "passed": passed, "message": message})

    ns = {"__name__": "__exercise__", "say": say}
    for label, source in (("setup", setup), ("your code", learner)):
        try:
            exec(compile(source, "<" + label + ">", "exec"), ns)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            line = f" (line {where.lineno})" if where.filename == "<your code>" else ""
            emit(label, False, f"{type(exc).__name__}{line}: {exc}")
            return
    before = set(ns)
    exec(compile(tests, "<tests>", "exec"), ns)
    names = [n for n in ns if n.startswith("test_") and n not in before and callable(ns[n])]
    for name in names:
        try:
            ns[name]()
        except AssertionError as exc:
            emit(name, False, str(exc) or say("assertion failed", "断言失败"))
        except Exception as exc:
            emit(name, False, f"{type(exc).__name__}: {exc}")
        else:
            emit(name, True, say("passed", "通过"))


__dltutor_grade({setup!r}, {learner!r}, {tests!r}, {lang!r})
del __dltutor_grade
"""


@dataclass
class TestResult:
    name: str
    passed: bool
    message: str


@dataclass
class ExerciseResult:
    passed: bool
    tests: list[TestResult] = field(default_factory=list)
    error: str | None = None  # the kernel stopped, timed out or the harness itself failed
    output: str = ""  # what the learner's code printed

    @property
    def summary(self) -> str:
        n_ok = sum(t.passed for t in self.tests)
        return f"{n_ok}/{len(self.tests)} tests passed"


def harness_source(exercise: Exercise, code: str, lang: str = "en") -> str:
    return (
        HARNESS.replace("{setup!r}", repr(exercise.setup))
        .replace("{learner!r}", repr(code))
        .replace("{tests!r}", repr(exercise.tests))
        .replace("{lang!r}", repr(lang))
    )


def grade_exercise(kernel, exercise: Exercise, code: str, lang: str = "en", on_event=None):
    """Run `exercise.tests` against `code` in `kernel` (a tutor.sandbox.Kernel)."""
    tests: list[TestResult] = []
    printed: list[str] = []

    def collect(event: dict) -> None:
        if event.get("kind") == "test":
            tests.append(TestResult(event["name"], bool(event["passed"]), event["message"]))
        elif event.get("kind") == "stream":
            printed.append(event.get("text", ""))
        if on_event is not None:
            on_event(event)

    result = kernel.execute(
        harness_source(exercise, code, lang),
        on_event=collect,
        timeout=exercise.timeout,
        name=f"<exercise {exercise.id}>",
        lang=lang,
    )
    error = None
    if result.status != "ok":
        error = result.message or result.status
    passed = error is None and bool(tests) and all(t.passed for t in tests)
    return ExerciseResult(passed=passed, tests=tests, error=error, output="".join(printed))
