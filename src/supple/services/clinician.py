"""Progress for a clinician: a CSV to read, and an HL7 FHIR R4B Bundle for a health record.

The CSV has a row per session, per weekly pain score and per PSFS rating. The Bundle holds
Observations: each pain rating coded LOINC 72514-3 with its time and whether it came before
or after a session (or was the week's usual pain), and each PSFS check as one Observation
with a component per activity, coded with supple's own local code system (there is no
LOINC code used for the PSFS here, and the Bundle says so). The person appears only as a
local patient reference (a Patient with no identifying detail) unless they give a name.
Demonstrations are left out of the Bundle; the CSV keeps them, marked.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, StringConstraints, TypeAdapter, ValidationError

from ..library.schema import refuse_unsafe
from ..progress import local_date, psfs_score, week_start
from .errors import Invalid

if TYPE_CHECKING:
    from ..store.db import Store

LOINC_PAIN = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
# supple's own identifiers: never fetched, nothing is served there. ".local" is a name no one
# on the internet can own (RFC 6762), so they cannot be mistaken for anyone's published codes.
LOCAL = "http://supple.local/fhir"
PSFS_SYSTEM = f"{LOCAL}/CodeSystem/psfs"
PAIN_CONTEXT = f"{LOCAL}/StructureDefinition/pain-context"
# Observation ids made from what they record, so exporting twice names each the same.
IDS = uuid.UUID("5c1f0b0e-7d1a-4a44-9d0e-2f5e5a0c9b31")
CONTEXT_WORDS = {
    "before-session": "Rated before a stretching session.",
    "after-session": "Rated after a stretching session.",
    "usual-this-week": "The person's usual pain over this week, asked at its first session.",
}
PSFS_NOTE = (
    "Patient-Specific Functional Scale (Stratford et al. 1995). Coded with supple's own local "
    f"code system ({PSFS_SYSTEM}): no LOINC code is used for it here. Each component is an "
    "activity the person named, rated 0 (unable to do it) to 10 (able to do it as before the "
    "problem); the value is their mean."
)

# The name a person may give for the clinician: one line of their own text, checked as every
# other (library/schema.py): no control or bidi character.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(lambda text: refuse_unsafe(text, multiline=False)),
]
_NAME: TypeAdapter[str] = TypeAdapter(Name)


def _name(name: str) -> str:
    try:
        return _NAME.validate_python(name)
    except ValidationError as err:
        message = err.errors()[0]["msg"].removeprefix("Value error, ")
        raise Invalid([f"name: {message}"]) from None


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(IDS, '|'.join(map(str, parts)))}"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _pain(patient: str, key: str, value: int, context: str, **effective: Any) -> dict[str, Any]:
    return {
        "fullUrl": _urn("pain", key, context),
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": [LOINC_PAIN], "text": "Pain, 0 (none) to 10 (worst)"},
            "subject": {"reference": patient},
            **effective,
            "valueInteger": value,
            "extension": [{"url": PAIN_CONTEXT, "valueCode": context}],
            "note": [{"text": CONTEXT_WORDS[context]}],
        },
    }


def fhir_bundle(
    store: Store, *, name: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The person's pain ratings and PSFS checks as a FHIR R4B Bundle (type collection),
    checked against the R4B models of fhir.resources before it is handed out."""
    person = _name(name) if name is not None else None
    patient = f"urn:uuid:{uuid.uuid4()}"  # local to this file: it names no one elsewhere
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if person is not None:
        resource["name"] = [{"text": person}]
    entries: list[dict[str, Any]] = [{"fullUrl": patient, "resource": resource}]
    for s in store.session_briefs():
        if s.demo:
            continue  # a sped-up try-out, not a session
        if s.pain_before is not None:
            entries.append(
                _pain(
                    patient, s.uuid, s.pain_before, "before-session",
                    effectiveDateTime=_when(s.started_at),
                )
            )  # fmt: skip
        if s.pain_after is not None:
            entries.append(
                _pain(
                    patient, s.uuid, s.pain_after, "after-session",
                    effectiveDateTime=_when(s.ended_at or s.started_at),
                )
            )  # fmt: skip
    for w in store.weekly_pain():
        period = {"start": w.week.isoformat(), "end": (w.week + timedelta(days=6)).isoformat()}
        entries.append(
            _pain(patient, w.week.isoformat(), w.pain, "usual-this-week", effectivePeriod=period)
        )
    for c in store.psfs():
        entries.append(_psfs(patient, c.taken_at, c.ratings))
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _when(now or datetime.now(UTC)),
        "entry": entries,
    }
    _validate(bundle)
    return bundle


def _psfs(patient: str, taken_at: datetime, ratings: tuple[tuple[str, int], ...]) -> dict[str, Any]:
    return {
        "fullUrl": _urn("psfs", _when(taken_at)),
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {
                "coding": [
                    {
                        "system": PSFS_SYSTEM,
                        "code": "psfs-mean",
                        "display": "Patient-Specific Functional Scale, mean activity score",
                    }
                ],
                "text": "Patient-Specific Functional Scale (Stratford 1995): mean score, 0-10",
            },
            "subject": {"reference": patient},
            "effectiveDateTime": _when(taken_at),
            "valueQuantity": {
                "value": round(psfs_score(s for _, s in ratings), 2),
                "unit": "score",
                "system": "http://unitsofmeasure.org",
                "code": "{score}",
            },
            "component": [
                {
                    "code": {
                        "coding": [
                            {
                                "system": PSFS_SYSTEM,
                                "code": "psfs-activity",
                                "display": "Activity, rated 0 (unable) to 10 (as before)",
                            }
                        ],
                        "text": activity,
                    },
                    "valueInteger": score,
                }
                for activity, score in ratings
            ],
            "note": [{"text": PSFS_NOTE}],
        },
    }


def _validate(bundle: dict[str, Any]) -> None:
    """Refuse to hand out a Bundle that the R4B models do not accept (a bug, not input)."""
    from fhir.resources.R4B.bundle import Bundle  # loads only for an export

    Bundle.model_validate(bundle)


# -- CSV --------------------------------------------------------------------------------------

COLUMNS = (
    "record",  # session, weekly_pain, psfs (one activity), psfs_mean
    "when",  # local time, ISO 8601 with its offset
    "week_start",  # the Monday of the week, for weekly pain
    "routine",
    "client",
    "demo",  # yes for a sped-up demonstration: not a session that counts
    "status",
    "minutes",
    "stretches_done",
    "pain_before",
    "pain_after",
    "usual_pain",
    "psfs_activity",
    "psfs_score",
)


def _cell(value: object) -> str:
    """A value for a spreadsheet: a person's text that starts like a formula is kept as text."""
    if value is None:
        return ""
    text = str(value)
    # CSV injection: =, +, -, @ (and tab, CR) at the start make a spreadsheet run a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _rows(store: Store, tz: tzinfo | None) -> Iterator[tuple[datetime, dict[str, object]]]:
    def local(moment: datetime) -> str:
        return moment.astimezone(tz).isoformat(timespec="seconds")

    for s in store.session_briefs():
        yield (
            s.started_at,
            {
                "record": "session",
                "when": local(s.started_at),
                "week_start": week_start(local_date(s.started_at, tz)).isoformat(),
                "routine": s.routine_title,
                "client": s.client,
                "demo": "yes" if s.demo else "no",
                "status": s.status,
                "minutes": round(s.seconds / 60, 1),
                "stretches_done": s.stretches_done,
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
            },
        )
    for w in store.weekly_pain():
        yield (
            w.recorded_at,
            {
                "record": "weekly_pain",
                "when": local(w.recorded_at),
                "week_start": w.week.isoformat(),
                "usual_pain": w.pain,
            },
        )
    for c in store.psfs():
        at = local(c.taken_at)
        for activity, score in c.ratings:
            yield (
                c.taken_at,
                {
                    "record": "psfs",
                    "when": at,
                    "psfs_activity": activity,
                    "psfs_score": score,
                },
            )
        mean = round(psfs_score(s for _, s in c.ratings), 2)
        yield c.taken_at, {"record": "psfs_mean", "when": at, "psfs_score": mean}


def progress_csv(store: Store, *, tz: tzinfo | None = None) -> str:
    """Every session, weekly pain score and PSFS rating as CSV, oldest first, local times."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows = sorted(_rows(store, tz), key=lambda pair: pair[0])  # stable: a check stays in order
    for _, row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in COLUMNS})
    return out.getvalue()
