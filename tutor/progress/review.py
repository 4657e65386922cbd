"""Spaced review of quiz questions, scheduled by FSRS (the `fsrs` package).

Every recorded answer is a review: a wrong answer rates the question `Again`, a right one
`Good`. `ProgressStore.record_answer` updates the question's card in the same transaction
as the answer, so the schedule never disagrees with the history. Cards are a cache of the
answers: `rebuild_cards` replays the answer history (after an import, a migration or a
lesson rename) and gives the same schedule the answers gave one by one.

With one 10-minute learning step, a question answered wrongly comes back in 10 minutes
and again after each lapse; one answered rightly comes back after FSRS's first interval
(about two days), then at growing intervals.

    from tutor.progress.review import ReviewQueue
    queue = ReviewQueue(store)
    queue.due(catalog=cat)          # [(lesson_id, question_id), ...], most overdue first
    queue.next_due(catalog=cat)     # when the next card comes due (epoch seconds) or None
    # answering a due question: store.record_answer(...) reschedules it
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from tutor.progress.store import ProgressStore

_scheduler = None


def scheduler() -> Scheduler:
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(
            learning_steps=(timedelta(minutes=10),),
            relearning_steps=(timedelta(minutes=10),),
            # no random fuzz: a schedule rebuilt from history must equal the one built live
            enable_fuzzing=False,
        )
    return _scheduler


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _card_from_row(row) -> Card:
    from fsrs import Card, State

    state, step, stability, difficulty, due, last_review = row
    return Card(
        card_id=0,
        state=State(state),
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=_utc(due),
        last_review=_utc(last_review) if last_review is not None else None,
    )


def _review(card: Card | None, correct: bool, when: float) -> Card:
    from fsrs import Card, Rating

    if card is None:
        card = Card(card_id=0, due=_utc(when))
    rating = Rating.Good if correct else Rating.Again
    card, _log = scheduler().review_card(card, rating, review_datetime=_utc(when))
    return card


def _write_card(conn: sqlite3.Connection, lesson_id: str, question_id: str, card: Card) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO review_cards"
        " (lesson_id, question_id, state, step, stability, difficulty, due, last_review)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            lesson_id,
            question_id,
            int(card.state),
            card.step,
            card.stability,
            card.difficulty,
            card.due.timestamp(),
            card.last_review.timestamp() if card.last_review else None,
        ),
    )


def schedule_answer(
    conn: sqlite3.Connection, lesson_id: str, question_id: str, correct: bool, when: float
) -> None:
    """Review the question's card with this answer. Call inside the answer's transaction."""
    row = conn.execute(
        "SELECT state, step, stability, difficulty, due, last_review FROM review_cards"
        " WHERE lesson_id = ? AND question_id = ?",
        (lesson_id, question_id),
    ).fetchone()
    card = _card_from_row(row) if row else None
    if card is not None and card.last_review and card.last_review.timestamp() > when:
        # an answer older than the card's last review (clocks of two machines disagree):
        # replaying the whole history keeps the schedule in answer order
        rebuild_cards(conn, [(lesson_id, question_id)])
        return
    _write_card(conn, lesson_id, question_id, _review(card, correct, when))


def rebuild_cards(
    conn: sqlite3.Connection, questions: Iterable[tuple[str, str]] | None = None
) -> None:
    """Recompute cards from the answer history (all questions when `questions` is None)."""
    if questions is None:
        conn.execute("DELETE FROM review_cards")
        rows = conn.execute(
            "SELECT lesson_id, question_id, correct, answered_at FROM answers"
            " ORDER BY lesson_id, question_id, answered_at, id"
        ).fetchall()
    else:
        rows = []
        for lesson_id, question_id in set(questions):
            conn.execute(
                "DELETE FROM review_cards WHERE lesson_id = ? AND question_id = ?",
                (lesson_id, question_id),
            )
            rows += conn.execute(
                "SELECT lesson_id, question_id, correct, answered_at FROM answers"
                " WHERE lesson_id = ? AND question_id = ? ORDER BY answered_at, id",
                (lesson_id, question_id),
            ).fetchall()
    cards: dict[tuple[str, str], Card] = {}
    for lesson_id, question_id, correct, answered_at in rows:
        key = (lesson_id, question_id)
        cards[key] = _review(cards.get(key), bool(correct), answered_at)
    for (lesson_id, question_id), card in cards.items():
        _write_card(conn, lesson_id, question_id, card)


class ReviewQueue:
    """The questions due for review in one profile."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def _cards(self, catalog) -> list[tuple[str, str, float]]:
        rows = self.store.query("SELECT lesson_id, question_id, due FROM review_cards ORDER BY due")
        if catalog is None:
            return rows
        # questions removed from the course keep their history but leave the queue
        live = {(lesson.id, q.id) for lesson in catalog.lessons.values() for q in lesson.questions}
        return [r for r in rows if (r[0], r[1]) in live]

    def due(
        self, now: float | None = None, catalog=None, limit: int | None = None
    ) -> list[tuple[str, str]]:
        """Questions due at `now` (epoch seconds, default: now), most overdue first.

        With a catalog, questions no longer in the course are left out.
        """
        now = time.time() if now is None else now
        found = [(lesson, question) for lesson, question, due in self._cards(catalog) if due <= now]
        return found[:limit] if limit is not None else found

    def next_due(self, now: float | None = None, catalog=None) -> float | None:
        """When the next card not yet due comes due, or None if there is none."""
        now = time.time() if now is None else now
        later = [due for _lesson, _question, due in self._cards(catalog) if due > now]
        return min(later) if later else None

    def card(self, lesson_id: str, question_id: str) -> dict | None:
        """The scheduler's view of one question: state, due, stability, difficulty."""
        rows = self.store.query(
            "SELECT state, step, stability, difficulty, due, last_review FROM review_cards"
            " WHERE lesson_id = ? AND question_id = ?",
            (lesson_id, question_id),
        )
        if not rows:
            return None
        state, step, stability, difficulty, due, last_review = rows[0]
        names = {1: "learning", 2: "review", 3: "relearning"}
        return {
            "state": names.get(state, str(state)),
            "step": step,
            "stability": stability,
            "difficulty": difficulty,
            "due": due,
            "last_review": last_review,
        }
