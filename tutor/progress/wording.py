"""How progress figures read, in either language: durations, accuracy, "in 3 hours".

One place for the CLI (`progress`, `review`) and the TUI screens; no Textual here.
"""

from __future__ import annotations

from tutor.i18n import tr


def duration(seconds: float, lang: str) -> str:
    """`12 min`, `2 h 05 min` (`12 分钟`, `2 小时 05 分钟`)."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return tr("{minutes} min", lang).format(minutes=minutes)
    return tr("{hours} h {minutes} min", lang).format(
        hours=minutes // 60, minutes=f"{minutes % 60:02d}"
    )


def accuracy(fraction: float | None) -> str:
    """`83%`, or `—` when nothing was answered."""
    return "—" if fraction is None else f"{round(100 * fraction)}%"


def relative_time(when: float, now: float, lang: str) -> str:
    """How far ahead `when` is: `in 8 minutes`, `in 3 hours`, `in 2 days`."""
    seconds = max(0.0, when - now)
    if seconds < 3600:
        return tr("in {minutes} minutes", lang).format(minutes=max(1, round(seconds / 60)))
    if seconds < 86400:
        return tr("in {hours} hours", lang).format(hours=round(seconds / 3600))
    return tr("in {days} days", lang).format(days=round(seconds / 86400))
