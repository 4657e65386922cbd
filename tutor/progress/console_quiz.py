"""Questions asked on plain stdin/stdout, shared by `dltutor quiz` and `dltutor review`.

Works in dumb terminals and pipes (`printf 'B\\n2x3\\n' | dltutor quiz LESSON`): when stdin
is not a terminal each answer read is echoed after the prompt, so the transcript reads
like a session, and an unreadable answer is reported and skipped (asking again would
shift every later answer of the script). At a terminal the question is asked again.
Every graded answer is recorded (and rescheduled for review) as soon as it is given.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from tutor.course.model import Lesson, Question
from tutor.grading.answers import answer_format, correct_answer, grade_answer
from tutor.progress.store import ProgressStore

# key -> (English, Chinese)
WORDS: dict[str, tuple[str, str]] = {
    "single": ("single choice", "单选"),
    "multiple": ("multiple choice", "多选"),
    "numeric": ("number", "数值"),
    "shape": ("shape", "形状"),
    "text": ("short answer", "简答"),
    "answer": ("Answer", "答案"),
    "expected": ("Expected", "正确答案"),
    "explanation": ("Explanation", "解释"),
    "skipped": ("(skipped)", "（已跳过）"),
    "stopped": ("No more input: stopping here.", "没有更多输入，到此为止。"),
    "score": ("Score: {right}/{total} correct", "得分：{right}/{total} 正确"),
    "unanswered": ("{n} not answered", "{n} 题未作答"),
}


def say(key: str, lang: str, **fields) -> str:
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


@dataclass
class QuizResult:
    asked: int = 0
    answered: int = 0
    correct: int = 0
    stopped: bool = False  # input ended before the last question
    verdicts: list[tuple[str, str, str]] = field(default_factory=list)  # (lesson, question, status)

    def score_line(self, lang: str) -> str:
        line = say("score", lang, right=self.correct, total=self.asked)
        if self.asked:
            line += f" ({round(100 * self.correct / self.asked)}%)"
        if self.answered < self.asked:
            line += "; " + say("unanswered", lang, n=self.asked - self.answered)
        return line


def open_store(args) -> ProgressStore | None:
    """The profile's store for a CLI command; prints notices and errors to stderr."""
    import sqlite3

    from tutor.progress.paths import ProfileNameError
    from tutor.progress.schema import NewerSchemaError

    try:
        store = ProgressStore.open(
            data_dir=getattr(args, "data_dir", None), profile=getattr(args, "profile", None)
        )
    except (ProfileNameError, NewerSchemaError, OSError, sqlite3.Error) as exc:
        print(f"dltutor: {exc}", file=sys.stderr)
        return None
    for notice in store.notices:
        print(f"dltutor: {notice}", file=sys.stderr)
    return store


def language(args, store: ProgressStore) -> str:
    lang = getattr(args, "lang", None) or store.get_setting("language", "en")
    return lang if lang in ("en", "zh") else "en"


def print_question(
    out: TextIO, number: int, total: int, lesson: Lesson, question: Question, lang: str
) -> None:
    kind = say(question.kind, lang)
    print(f"[{number}/{total}] {lesson.title.get(lang)} · {question.id} ({kind})", file=out)
    print(question.prompt.get(lang).rstrip(), file=out)
    for i, choice in enumerate(question.choices):
        print(f"  {chr(ord('A') + i)}) {choice.text.get(lang)}", file=out)


def ask(
    store: ProgressStore,
    items: list[tuple[Lesson, Question]],
    lang: str = "en",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> QuizResult:
    """Ask each question in turn, grade, record, and explain; returns the tally."""
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty()
    result = QuizResult()
    for number, (lesson, question) in enumerate(items, 1):
        result.asked += 1
        print_question(out, number, len(items), lesson, question, lang)
        started = time.monotonic()
        while True:
            out.write(f"{say('answer', lang)} ({answer_format(question, lang)}): ")
            out.flush()
            line = stdin.readline()
            if not line:
                print("\n" + say("stopped", lang), file=out)
                result.stopped = True
                return result
            typed = line.rstrip("\r\n")
            if not interactive:
                out.write(typed + "\n")
            verdict = grade_answer(question, typed, lang)
            if verdict.status != "invalid":
                break
            print(verdict.message, file=out)
            if not interactive:
                print(say("skipped", lang) + "\n", file=out)
                break
        if verdict.status == "invalid":
            continue
        seconds = round(time.monotonic() - started, 3)
        store.record_answer(lesson.id, question.id, typed, verdict.correct, seconds)
        store.add_time(lesson.id, seconds)
        result.answered += 1
        result.correct += verdict.correct
        result.verdicts.append((lesson.id, question.id, verdict.status))
        print(verdict.message, file=out)
        if not verdict.correct:
            print(f"  {say('expected', lang)}: {correct_answer(question, lang)}", file=out)
        explanation = question.explanation.get(lang).strip()
        if explanation:
            explanation = explanation.replace("\n", "\n    ")
            print(f"  {say('explanation', lang)}: {explanation}", file=out)
        print(file=out)
    return result
