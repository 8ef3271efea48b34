"""The meta table's keys, spelled once, in a module that imports nothing heavy.

`supple start` reads them with sqlite3 (peek.py) before SQLAlchemy loads; the Store and the
services read and write them through it.
"""

SCREEN_DUE_REASON = "screen_due_reason"  # something reported that brings the screen back
LAST_ROUTINE = "last_routine"  # the routine last started, offered first next time
FIRST_RUN_SEEN = "first_run_seen"  # the not-medical-advice note has been shown
# The time of the screening at which the person said a doctor or physiotherapist had checked
# them and said exercise is fine ("no" otherwise): it counts only for that screening.
SCREEN_CLINICIAN_CHECKED = "screen_clinician_checked"
# The Monday (ISO date) of the week in which the person left the weekly pain question
# blank: it is not asked again that week.
WEEKLY_PAIN_SKIPPED = "weekly_pain_skipped"
# How often the person means to stretch (supple.progress.Goal); once a day if never set.
PROGRESS_GOAL = "progress_goal"
# When desk breaks were last turned on (ISO time, UTC): the first break comes an interval after.
BREAKS_TURNED_ON = "breaks_turned_on"
