"""The stretch cards say what conditions.yaml says, on the web page and in the terminal.

One source of truth: the condition lines (not advised or take care, why, the source, what
instead) are generated from the rules, so no card can contradict a rule.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library
from supple.library.present import card_notes, condition_notes
from supple.library.schema import Origin
from supple.planner.rules import Level, default_rules
from webapp import client, form

LIB = default_library()
RULES = default_rules()
# The ids that are not also plain words ("knee" is both).
CONDITION_IDS = [c.value for c in RULES.conditions if "-" in c.value]


def visible(markup: str) -> str:
    """The text a reader sees: no tags, entities decoded, spaces collapsed."""
    blocks = re.sub(r"</?(br|li|ul|ol|h\d|dl|dt|dd|p|section|div)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())


def section(page: str) -> str:
    start = page.index('<section class="conditions" id="conditions">')
    return page[start : page.index("</section>", start)]


def flat(out: str) -> str:
    """A terminal card with its boxes and line wraps taken out."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())


def card(stretch_id: str) -> str:
    result = CliRunner().invoke(app, ["stretch", stretch_id])
    assert result.exit_code == 0, result.output
    return flat(result.stdout)


def test_every_web_card_shows_exactly_the_rules_conditions(home: Path) -> None:
    with client(home) as c:
        pages = {sid: c.get(f"/stretches/{sid}").text for sid in LIB.stretches}
    for sid, page in pages.items():
        s = LIB.stretch(sid)
        notes = condition_notes(s, LIB)
        if not notes:
            assert 'id="conditions"' not in page, sid
            continue
        part = section(page)
        text = visible(part)
        for n in notes:
            heading = "Not advised with" if n.level == "avoid" else "Take care with"
            assert heading in text, sid
            assert f"{n.name}: {n.text}" in text, (sid, n.condition)
            for source in n.sources:
                assert f"Source: {source}" in text, (sid, n.condition)
            for alt, name in n.alternatives:
                link = f'<a href="/stretches/{alt}">{name}</a>'
                assert link in html.unescape(part), (sid, alt)
        # Only the conditions the rules name, and in words, not ids.
        named = {c.name for c in RULES.conditions.values() if c.name in text}
        assert named == {n.name for n in notes}, sid
        assert not [cid for cid in CONDITION_IDS if cid in text], sid


def test_every_level_on_a_card_is_the_rules_level() -> None:
    for s in LIB.stretches.values():
        for n in condition_notes(s, LIB):
            found = RULES.concerns(s, [n.condition])
            avoid = any(c.level is Level.AVOID for c in found)
            assert n.level == ("avoid" if avoid else "caution"), (s.id, n.condition)


def test_no_card_s_own_cautions_speak_for_a_condition() -> None:
    # The condition lines come from conditions.yaml alone; a card's cautions stay general.
    words = re.compile(
        r"hip replacement|surgical team|osteoporosis|pregnan|\bbump\b|knee replace|replaced knee"
        r"|sciatica",
        re.IGNORECASE,
    )
    for s in LIB.stretches.values():
        for line in s.cautions:
            assert not words.search(line), (s.id, line)


@pytest.mark.parametrize("sid", ["runners-lunge", "cat-cow", "wall-straddle", "seated-twist"])
def test_the_terminal_card_shows_the_generated_lines(sid: str) -> None:
    text = card(sid)
    assert "If you have a condition" in text
    for n in condition_notes(LIB.stretch(sid), LIB):
        assert f"{n.name}: {n.text}" in text, n.condition
        assert f"Source: {'; '.join(n.sources)}" in text, n.condition
        for alt, name in n.alternatives:
            assert f"{name} ({alt})" in text


def test_the_runners_lunge_card_reads_as_the_issue_asks(home: Path) -> None:
    text = card("runners-lunge")
    assert "Not advised with: Hip replacement (posterior approach)" in text
    assert "Take care with: Osteoporosis, Knee trouble or knee replacement" in text
    assert "over or behind the ankle" in text
    with client(home) as c:
        page = visible(section(c.get("/stretches/runners-lunge").text))
    assert "Knee trouble or knee replacement: The front knee bends deeply" in page


def test_the_json_card_carries_the_generated_lines() -> None:
    result = CliRunner().invoke(app, ["stretch", "cat-cow", "--json"])
    data = json.loads(result.stdout)
    by_condition = {n["condition"]: n for n in data["conditions"]}
    assert by_condition["osteoporosis"]["level"] == "caution"
    assert "arching half only" in by_condition["osteoporosis"]["text"]
    assert by_condition["no-floor"]["alternatives"] == ["seated-cat-cow-chair"]
    assert data["feel"] and data["stop_if"]


def test_the_card_marks_the_person_s_own_conditions(home: Path) -> None:
    with client(home) as c:
        c.post("/profile", data=form(c, condition=["osteoporosis"], age="adult"))
        page = c.get("/stretches/cat-cow").text
    part = visible(section(page))
    assert "Osteoporosis (in your profile): The rounding half" in part
    assert "Knee trouble or knee replacement (in your profile)" not in part
    result = CliRunner().invoke(app, ["stretch", "cat-cow"])
    text = flat(result.stdout)
    assert text.startswith("Take care • Take care with Osteoporosis: The rounding half")


def test_what_to_feel_when_to_stop_and_who_wrote_the_steps(home: Path) -> None:
    with client(home) as c:
        pages = {sid: visible(c.get(f"/stretches/{sid}").text) for sid in LIB.stretches}
    for sid, text in pages.items():
        s = LIB.stretch(sid)
        notes = card_notes(s)
        terminal = card(sid)
        if s.feel:
            assert f"What you should feel {s.feel}" in text, sid
            assert f"What you should feel: {s.feel}" in terminal, sid
        if s.stop_if:
            assert f"When to stop {s.stop_if}" in text, sid
            assert f"When to stop: {s.stop_if}" in terminal, sid
        if s.steps_from is Origin.SUPPLE and s.origin is Origin.ARTICLE:
            assert notes.steps_note and notes.steps_note in text, sid
            assert notes.steps_note in terminal, sid
        else:
            assert "supple wrote these steps" not in text, sid
        if notes.article_note:
            assert notes.article_note in text and notes.article_note in terminal, sid


def test_the_article_s_claims_are_kept_where_they_differ() -> None:
    claimed = [
        s
        for s in LIB.stretches.values()
        if s.origin is Origin.ARTICLE and set(s.article_targets) - set(s.targets)
    ]
    for s in claimed:
        note = card_notes(s).article_note
        assert note is not None and note.startswith("The article"), s.id
        assert "hip flexors" in note or "IT band" in note or "the " in note
    same = [s for s in LIB.stretches.values() if set(s.article_targets) <= set(s.targets)]
    assert all(card_notes(s).article_note is None for s in same)
