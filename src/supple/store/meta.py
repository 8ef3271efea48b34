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
