"""A learner's progress: never lost, shared by the TUI and the plain CLI. No Textual here.

paths.py         data dir (--data-dir, DLTUTOR_HOME, platformdirs) and profiles
schema.py        the SQLite schema and its migrations
store.py         ProgressStore: answers, exercises, reveals, lesson status, settings
review.py        ReviewQueue: spaced review of quiz questions (FSRS)
transfer.py      export / import as versioned JSON, and the merge they share
console_quiz.py  questions on plain stdin/stdout (`dltutor quiz`, `dltutor review`)
"""
