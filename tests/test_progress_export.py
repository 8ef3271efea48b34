"""Progress for a clinician: `supple progress --export FILE.csv` and `--fhir FILE.json`.

The CSV reads back with the csv module; the FHIR Bundle validates against fhir.resources'
R4B models. Both from a real store, through the real command line and the web API.
"""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner

from store_kit import START, Clock, phase
from supple.cli import app
from supple.services import clinician
from supple.services.errors import Invalid
from supple.store.db import open_store
from webapp import client

REAL_UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def lived_in(home: Path) -> None:
    """Two real sessions (one rated before and after, one before only), a demonstration
    rated too, two weeks of usual pain and two PSFS checks."""
    clock = Clock(START)  # Monday 6 May 2024, 18:30 UTC
    with open_store(home, clock=clock) as store:
        sid = store.start_session(
            "wall-nine", "Wall nine", planned_seconds=600, client="terminal", speed=1.0,
            demo=False, options=None, uuid=REAL_UUID,
        ).id  # fmt: skip
        store.set_pain(sid, before=6)
        clock.tick(300)
        phase(store, sid, 0)
        store.set_pain(sid, after=4)
        store.end_session(sid, "completed")
        clock.tick(86400)
        sid = store.start_session(
            "=HYPERLINK(1)", "=HYPERLINK(\"x\")", planned_seconds=60, client="browser",
            speed=1.0, demo=False, options=None,
        ).id  # fmt: skip
        store.set_pain(sid, before=5)
        demo = store.start_session(
            "wall-nine", "Wall nine", planned_seconds=60, client="browser", speed=10.0,
            demo=True, options=None,
        ).id  # fmt: skip
        store.set_pain(demo, before=9, after=0)
        store.set_weekly_pain(date(2024, 5, 6), 6)
        store.set_weekly_pain(date(2024, 5, 13), 4)
        store.add_psfs([("Putting on socks", 3), ("Sitting through a film", 5), ("-1+1", 2)])
        clock.tick(14 * 86400)
        store.add_psfs([("Putting on socks", 6), ("Sitting through a film", 7), ("-1+1", 4)])


def observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]


def test_the_fhir_bundle_validates_and_codes_each_pain_rating(home: Path) -> None:
    lived_in(home)
    with open_store(home) as store:
        bundle = clinician.fhir_bundle(store, now=datetime(2024, 6, 1, tzinfo=UTC))
    parsed = Bundle.model_validate(bundle)  # fhir.resources' R4B models: the standard's shape
    assert parsed.type == "collection"
    [patient] = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["resource"] == {"resourceType": "Patient"}  # a local reference, no one named
    assert patient["fullUrl"].startswith("urn:uuid:")

    found = observations(bundle)
    pain = [o for o in found if o["code"]["coding"][0]["code"] == "72514-3"]
    for o in pain:
        assert o["code"]["coding"][0] == {
            "system": "http://loinc.org",
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
        assert o["subject"] == {"reference": patient["fullUrl"]}
        assert o["status"] == "final"
    context = [(o["extension"][0]["valueCode"], o["valueInteger"]) for o in pain]
    # The demonstration's ratings (9 and 0) are not in it.
    assert context == [
        ("before-session", 6),
        ("after-session", 4),
        ("before-session", 5),
        ("usual-this-week", 6),
        ("usual-this-week", 4),
    ]
    before, after = pain[0], pain[1]
    assert before["effectiveDateTime"] == "2024-05-06T18:30:00+00:00"  # the session's start
    assert after["effectiveDateTime"] == "2024-05-06T18:35:00+00:00"  # its end
    assert before["note"][0]["text"] == "Rated before a stretching session."
    assert pain[3]["effectivePeriod"] == {"start": "2024-05-06", "end": "2024-05-12"}


def test_psfs_checks_are_observations_with_a_local_code_system_that_says_so(home: Path) -> None:
    lived_in(home)
    with open_store(home) as store:
        bundle = clinician.fhir_bundle(store)
    psfs = [o for o in observations(bundle) if o["code"]["coding"][0]["code"] == "psfs-mean"]
    assert len(psfs) == 2
    first = psfs[0]
    assert first["code"]["coding"][0]["system"] == "http://supple.local/fhir/CodeSystem/psfs"
    assert first["valueQuantity"]["value"] == pytest.approx(3.33)
    assert [(c["code"]["text"], c["valueInteger"]) for c in first["component"]] == [
        ("Putting on socks", 3),
        ("Sitting through a film", 5),
        ("-1+1", 2),
    ]
    note = first["note"][0]["text"]
    assert "Stratford" in note and "local code system" in note and "no LOINC code" in note


def test_a_name_appears_only_when_given_and_is_checked(home: Path) -> None:
    lived_in(home)
    with open_store(home) as store:
        named = clinician.fhir_bundle(store, name="  Ada Lovelace ")
        with pytest.raises(Invalid, match="name: U\\+202E"):
            clinician.fhir_bundle(store, name="Ada\u202e")
        with pytest.raises(Invalid, match="name"):
            clinician.fhir_bundle(store, name="   ")
    Bundle.model_validate(named)
    patient = named["entry"][0]["resource"]
    assert patient == {"resourceType": "Patient", "name": [{"text": "Ada Lovelace"}]}


def test_the_fhir_file_from_the_command_line(home: Path, tmp_path: Path, runner: CliRunner) -> None:
    lived_in(home)
    file = tmp_path / "for-my-physio.json"
    result = runner.invoke(app, ["progress", "--fhir", str(file), "--name", "Sam Doe"])
    assert result.exit_code == 0, result.output
    assert "FHIR R4B Bundle of 7 observations" in result.stdout
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # health records
    bundle = json.loads(file.read_text())
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["name"] == [{"text": "Sam Doe"}]
    # Not overwritten without --force; --name alone is refused.
    again = runner.invoke(app, ["progress", "--fhir", str(file)])
    assert again.exit_code == 1 and "exists already" in again.stderr
    assert runner.invoke(app, ["progress", "--fhir", str(file), "--force"]).exit_code == 0
    assert "Sam Doe" not in file.read_text()
    alone = runner.invoke(app, ["progress", "--name", "Sam"])
    assert alone.exit_code == 1 and "--name goes with --fhir" in alone.stderr


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_reads_back_a_row_per_session_weekly_score_and_rating(
    home: Path, tmp_path: Path, runner: CliRunner
) -> None:
    lived_in(home)
    file = tmp_path / "progress.csv"
    result = runner.invoke(app, ["progress", "--export", str(file)])
    assert result.exit_code == 0, result.output
    rows = read_csv(file.read_text(encoding="utf-8"))
    assert f"Wrote {len(rows)} rows" in result.stdout
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert [r["record"] for r in rows].count("session") == 3
    assert [r["record"] for r in rows].count("weekly_pain") == 2
    assert [r["record"] for r in rows].count("psfs") == 6
    assert [r["record"] for r in rows].count("psfs_mean") == 2
    first = rows[0]
    assert (first["record"], first["routine"], first["pain_before"], first["pain_after"]) == (
        "session",
        "Wall nine",
        "6",
        "4",
    )
    assert (first["demo"], first["status"], first["stretches_done"]) == ("no", "completed", "1")
    assert datetime.fromisoformat(first["when"]).astimezone(UTC) == START
    assert first["week_start"] == "2024-05-06"
    demo = next(r for r in rows if r["demo"] == "yes")
    assert (demo["pain_before"], demo["pain_after"]) == ("9", "0")  # kept, and marked
    weekly = [(r["week_start"], r["usual_pain"]) for r in rows if r["record"] == "weekly_pain"]
    assert weekly == [("2024-05-06", "6"), ("2024-05-13", "4")]
    means = [r["psfs_score"] for r in rows if r["record"] == "psfs_mean"]
    assert means == ["3.33", "5.67"]
    # A cell that a spreadsheet would run as a formula is kept as text.
    assert any(r["routine"] == '\'=HYPERLINK("x")' for r in rows)
    assert [r["psfs_activity"] for r in rows if r["record"] == "psfs"][2] == "'-1+1"


def test_the_exports_to_stdout_and_through_the_api(home: Path, runner: CliRunner) -> None:
    lived_in(home)
    out = runner.invoke(app, ["progress", "--export", "-"])
    assert out.exit_code == 0 and out.stdout.startswith("record,when,week_start,")
    fhir = runner.invoke(app, ["progress", "--fhir", "-"])
    Bundle.model_validate(json.loads(fhir.stdout))
    with client(home) as c:
        r = c.get("/api/progress/export.csv")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert r.headers["cache-control"] == "no-store"
        assert "attachment" in r.headers["content-disposition"]
        assert len(read_csv(r.text)) == 13
        r = c.get("/api/progress/fhir")
        assert r.headers["content-type"].startswith("application/fhir+json")
        bundle = r.json()
        Bundle.model_validate(bundle)
        assert bundle["entry"][0]["resource"] == {"resourceType": "Patient"}


def test_an_empty_store_exports_a_valid_empty_bundle_and_a_header(home: Path) -> None:
    with open_store(home) as store:
        bundle = clinician.fhir_bundle(store)
        text = clinician.progress_csv(store, tz=UTC)
    Bundle.model_validate(bundle)
    assert len(bundle["entry"]) == 1  # the patient alone
    assert read_csv(text) == [] and text.startswith("record,when,")
    assert datetime.fromisoformat(bundle["timestamp"]) - datetime.now(UTC) < timedelta(minutes=1)
