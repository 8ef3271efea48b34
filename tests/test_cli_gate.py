"""The gate in the terminal: `supple screen` stops at an emergency yes, asks the clinician
question after a see-a-doctor yes, and `supple start` refuses in the same words as the API."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from ptyrun import TerminalRun
from supple.cli import app
from supple.kinds import HurtReason, SessionStatus
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.paths import user_dir
from supple.safety import CLINICIAN_CHECKED, clinician_check, outcome, questions
from supple.services import safety, sessions
from supple.store.db import open_store

NO = {q.id: False for q in questions()}
ASKED = questions()
CHECK = clinician_check().question


def said(text: str) -> str:
    """Rich wraps long lines: compare with the spaces and line ends squeezed."""
    return " ".join(text.split())


def typed(answers: dict[str, bool]) -> str:
    return "".join("y\n" if v else "n\n" for v in answers.values())


def test_an_emergency_yes_ends_the_questions_at_once(runner: CliRunner, home: Path) -> None:
    first, second, third = ASKED[:3]
    assert second.level == "emergency"
    result = runner.invoke(app, ["screen"], input="n\ny\n")  # nothing more to read
    assert result.exit_code == 0, result.output
    out = said(result.stdout)
    assert said(second.question) in out and said(third.question) not in out
    assert said(CHECK) not in out
    assert outcome("emergency").title in out and said(outcome("emergency").message) in out
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and last.result == "emergency"
    assert last.answers == {first.id: False, second.id: True}


def test_a_doctor_yes_asks_the_clinician_question(runner: CliRunner, home: Path) -> None:
    answers = {**NO, "steroids-bones-immunity": True}
    result = runner.invoke(app, ["screen"], input=typed(answers) + "y\n")
    assert result.exit_code == 0, result.output
    out = said(result.stdout)
    assert said(CHECK) in out and outcome("checked").title in out
    with open_store(home) as store:
        found = safety.standing(store)
        assert found.may_start and found.notes == (clinician_check().note,)
        assert store.last_screening().answers[CLINICIAN_CHECKED] is True  # type: ignore[union-attr]


def test_all_no_does_not_ask_the_clinician_question(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input=typed(NO))
    assert result.exit_code == 0 and said(CHECK) not in said(result.stdout)


def test_no_answer_to_the_clinician_question_saves_nothing(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input=typed({**NO, "cancer-history": True}))
    assert result.exit_code == 1 and "not all answered" in result.stderr
    with open_store(home) as store:
        assert store.last_screening() is None


def test_start_after_an_emergency_and_a_clinician_yes_repeats_the_emergency_words(
    runner: CliRunner, home: Path
) -> None:
    with open_store(home) as store:
        safety.answer_screen(store, {**NO, "sexual-function": True, CLINICIAN_CHECKED: True})
    result = runner.invoke(app, ["start", "wall-nine"], input="")
    assert result.exit_code == 1
    err = said(result.stderr)
    assert outcome("emergency").title in err and said(outcome("emergency").message) in err
    assert "once a clinician has seen you" in err
    assert "Safety check" not in result.stdout  # nothing asked


def test_an_old_emergency_answer_still_refuses_and_asks_nothing(
    runner: CliRunner, home: Path
) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    with open_store(home, clock=lambda: old) as store:
        safety.answer_screen(store, {**NO, "serious-fall": True})
    result = runner.invoke(app, ["start", "wall-nine"], input=typed(NO))
    assert result.exit_code == 1
    assert said(outcome("emergency").message) in said(result.stderr)
    assert "Safety check" not in result.stdout
    with open_store(home) as store:
        assert store.last_screening().result == "emergency"  # type: ignore[union-attr]


def test_the_30_day_screen_asks_the_clinician_question_again(runner: CliRunner, home: Path) -> None:
    old = datetime.now(UTC) - timedelta(days=31)
    with open_store(home, clock=lambda: old) as store:
        safety.answer_screen(store, {**NO, "cancer-history": True, CLINICIAN_CHECKED: True})
    # Not checked again this time: no session.
    answers = typed({**NO, "cancer-history": True}) + "n\n"
    result = runner.invoke(app, ["start", "wall-nine"], input=answers)
    assert result.exit_code == 1
    out = said(result.stdout)
    assert "over 30 days old" in out and said(CHECK) in out
    assert outcome("doctor").title in out
    with open_store(home) as store:
        found = safety.standing(store)
        assert not found.may_start and found.level == "doctor" and store.count_sessions() == 0


def test_a_sharp_pain_brings_the_questions_back_at_the_next_start(
    runner: CliRunner, home: Path
) -> None:
    runner.invoke(app, ["screen"], input=typed(NO))
    lib = default_library()
    with open_store(home) as store:
        tl = sessions.timeline_for(store, lib, OwnRoutines(user_dir(), lib), "wall-nine", None)
        started = sessions.start(store, tl, client="terminal")
        hold = next(p for p in tl.phases if p.is_stretch)
        assert hold.stretch_id is not None
        sessions.record_hurt(
            store,
            started.id,
            key="h",
            phase_index=hold.index,
            stretch_id=hold.stretch_id,
            side=hold.side,
            reason=HurtReason.SHARP,
            stretch_name="Wall hamstring stretch",
        )
        sessions.end(store, started.id, SessionStatus.QUIT)
    # Asked again at the start; an emergency yes ends it there, before any player.
    result = runner.invoke(app, ["start", "wall-nine"], input="y\n")
    out = said(result.stdout)
    assert "You reported sharp, shooting or spreading pain during Wall hamstring stretch" in out
    assert outcome("emergency").title in out
    assert result.exit_code == 1
    with open_store(home) as store:
        assert store.count_sessions() == 1


def wait_for(run: TerminalRun, pattern: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, said(run.text())):
            return
        time.sleep(0.02)
    raise TimeoutError(f"no {pattern!r}:\n{run.text()[-2000:]}")


def test_in_a_real_terminal_the_emergency_message_comes_straight_after_the_yes(
    home: Path,
) -> None:
    first, second, third = ASKED[:3]
    run = TerminalRun(["screen"], {"SUPPLE_HOME": str(home)})
    try:
        wait_for(run, re.escape(said(first.question)[-40:]) + r".*\[y/n\]")
        run.send("n\r")
        wait_for(run, re.escape(said(second.question)[-40:]) + r".*\[y/n\]")
        run.send("y\r")
        wait_for(run, re.escape(outcome("emergency").title))
        assert run.proc.wait(timeout=20) == 0
        out = said(run.text())
    finally:
        run.close()
    assert said(third.question) not in out
    assert said(outcome("emergency").message) in out
    with open_store(home) as store:
        assert store.last_screening().result == "emergency"  # type: ignore[union-attr]
