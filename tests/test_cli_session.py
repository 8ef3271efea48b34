"""`supple screen` and the checks `supple start` makes before any session begins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from supple.cli import app
from supple.safety import outcome, questions
from supple.store.db import open_store

ALL_NO = "n\n" * len(questions())


def answers_with_yes(question_id: str) -> str:
    """Every question answered, one yes; after a see-a-doctor yes, "no, not checked"."""
    answers = "".join("y\n" if q.id == question_id else "n\n" for q in questions())
    level = next(q.level for q in questions() if q.id == question_id)
    return answers + ("n\n" if level == "doctor" else "")


def test_screen_all_no_is_clear_and_saved(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input=ALL_NO)
    assert result.exit_code == 0, result.output
    assert "Nothing here stops you" in result.stdout
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and last.result == "clear"
    assert set(last.answers) == {q.id for q in questions()}
    assert not any(last.answers.values())


def test_a_bad_answer_says_what_to_type_and_asks_again(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input="maybe\n\nyes please\n" + ALL_NO)
    assert result.exit_code == 0, result.output
    again = "Please type y for yes or n for no, then press Enter."
    assert result.stdout.count(again) == 3
    assert "invalid input" not in result.stdout.lower()
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and last.result == "clear"


def test_questions_wrap_between_words_at_80_columns(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input=ALL_NO, env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    asked = questions()
    said = [f"{n} of {len(asked)}. {q.question}" for n, q in enumerate(asked, 1)]
    words = set(" ".join(said).split())
    for text in said:
        # Each question, numbered, on lines that end and begin with whole words; the prompt
        # stays short.
        start = next(i for i, line in enumerate(lines) if line and text.startswith(line))
        for line in lines[start : start + 3]:
            if line.startswith("[y/n]"):
                break
            assert all(w in words for w in line.split()), line


def test_an_emergency_sign_says_where_to_get_care(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["screen"], input=answers_with_yes("saddle-numbness"))
    assert "Get urgent help now" in result.stdout
    assert "emergency" in result.stdout.lower()
    with open_store(home) as store:
        assert store.last_screening().result == "emergency"  # type: ignore[union-attr]


def test_start_asks_first_and_a_yes_blocks_the_session(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["start", "wall-nine"], input=answers_with_yes("cancer-history"))
    assert result.exit_code == 1
    assert "not medical advice" in result.stdout  # the first-run note
    assert "See a doctor soon" in result.stdout
    with open_store(home) as store:
        assert store.count_sessions() == 0
        assert store.last_screening().result == "doctor"  # type: ignore[union-attr]


def test_after_a_flag_start_stays_blocked_until_screened_again(
    runner: CliRunner, home: Path
) -> None:
    runner.invoke(app, ["screen"], input=answers_with_yes("fever-weight-loss"))
    result = runner.invoke(app, ["start", "wall-nine"])
    assert result.exit_code == 1
    assert "said: See a doctor soon" in result.stderr
    assert outcome("doctor").message in " ".join(result.stderr.split())
    assert "not medical advice" not in result.stdout  # said once, on the first run only


def test_start_is_refused_after_an_emergency_screen(runner: CliRunner, home: Path) -> None:
    runner.invoke(app, ["screen"], input=answers_with_yes("both-legs"))
    result = runner.invoke(app, ["start", "wall-nine"])
    # Exactly where POST /api/sessions refuses: the reason, and where to get care.
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "said: Get urgent help now" in said
    assert outcome("emergency").message in said
    assert result.stdout == ""  # no questions: nothing new is due
    with open_store(home) as store:
        assert store.count_sessions() == 0


def test_unanswered_questions_start_nothing(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["start", "wall-nine"], input="n\nn\n")
    assert result.exit_code == 1
    assert "not all answered" in result.stderr
    with open_store(home) as store:
        assert store.last_screening() is None and store.count_sessions() == 0


def test_the_screen_is_asked_again_after_30_days(runner: CliRunner, home: Path) -> None:
    old = datetime.now(UTC) - timedelta(days=31)
    with open_store(home, clock=lambda: old) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")
    result = runner.invoke(app, ["start", "wall-nine"], input=answers_with_yes("serious-fall"))
    assert result.exit_code == 1
    assert "Get urgent help now" in result.stdout


def test_new_symptoms_bring_the_screen_back(runner: CliRunner, home: Path) -> None:
    runner.invoke(app, ["screen"], input=ALL_NO)
    with open_store(home) as store:
        store.mark_screen_due("numbness or tingling during Wall quad stretch")
    result = runner.invoke(app, ["start", "wall-nine"], input=answers_with_yes("bladder-bowel"))
    assert "You reported numbness or tingling during Wall quad stretch" in result.stdout
    assert result.exit_code == 1


def test_unknown_routine_suggests_after_a_clear_screen(runner: CliRunner, home: Path) -> None:
    runner.invoke(app, ["screen"], input=ALL_NO)
    result = runner.invoke(app, ["start", "wal-nine"])
    assert result.exit_code == 1
    assert "unknown routine 'wal-nine'; did you mean: wall-nine" in result.stderr
