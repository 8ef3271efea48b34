"""docs/clinical-review.md: generated from the content, and never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library
from supple.planner.rules import default_rules
from supple.review import COMMAND, sheet
from supple.safety import questions

SHEET = Path(__file__).resolve().parent.parent / "docs" / "clinical-review.md"
LIB = default_library()
RULES = default_rules()


def test_the_review_sheet_is_current() -> None:
    assert SHEET.is_file(), f"docs/clinical-review.md is missing: run `{COMMAND}`"
    stale = SHEET.read_text(encoding="utf-8") != sheet()
    assert not stale, f"docs/clinical-review.md is stale: regenerate it with `{COMMAND}`"


def test_the_commands_print_the_sheet() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "supple.review"], capture_output=True, text=True, check=True
    )
    assert done.stdout == sheet()
    hidden = CliRunner().invoke(app, ["review-sheet"])
    assert hidden.exit_code == 0 and hidden.stdout == sheet()
    assert "review-sheet" not in CliRunner().invoke(app, ["--help"]).stdout


def test_every_stretch_meets_every_condition() -> None:
    text = sheet()
    matrix = [line for line in text.splitlines() if line.startswith("| ")]
    header = matrix[0]
    for cond in RULES.conditions.values():
        assert f" {cond.name} |" in header
    rows = {line.split(" | ")[0][2:]: line for line in matrix[1:]}
    for s in LIB.stretches.values():
        row = rows[s.name]
        cells = row.strip("| ").split(" | ")[2:]
        assert len(cells) == len(RULES.conditions), s.id
        for cond, cell in zip(RULES.conditions.values(), cells, strict=True):
            if RULES.unsafe(s, [cond.id]):
                assert cell.startswith("**avoid**"), (s.id, cond.id)
            elif RULES.cautions(s, [cond.id]):
                assert cell.startswith("caution"), (s.id, cond.id)
            else:
                assert cell == "fine", (s.id, cond.id)


def test_every_rule_s_reason_source_and_alternatives_are_on_it() -> None:
    text = sheet()
    for cond in RULES.conditions.values():
        assert f"### {cond.name}" in text
        for rule in cond.rules:
            assert rule.reason in text and f"Source: {rule.source}" in text, rule.id
            if rule.advice:
                assert f"Advice given: {rule.advice}" in text, rule.id
            for sid, alts in rule.alternatives.items():
                names = ", ".join(LIB.stretches[a].name for a in alts)
                assert f"  - {LIB.stretches[sid].name} (instead: {names})" in text, sid


def test_every_red_flag_question_with_its_level_and_source() -> None:
    text = sheet()
    for q in questions():
        row = next(line for line in text.splitlines() if " ".join(q.question.split()) in line)
        level = "Emergency" if q.level == "emergency" else "See a doctor soon"
        assert level in row and q.source in row, q.id
    assert "Reviewed by:" in text
