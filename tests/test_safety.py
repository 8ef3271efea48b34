"""The red-flag screen, the "that hurt" answers and the notice, checked against clinical.md."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from supple.safety import (
    HURT_IDS,
    NOT_MEDICAL_ADVICE,
    SCREEN_INTERVAL,
    evaluate,
    hurt_reason,
    hurt_reasons,
    is_due,
    questions,
)
from supple.safety.screen import HurtContent, RedFlag, ScreenContent

# Every item of clinical.md's two red-flag lists, with words its question must contain.
CLINICAL_RED_FLAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "saddle numbness, wiping feels different": ("emergency", ("saddle", "numbness", "wiping")),
    "new bladder or bowel trouble": ("emergency", ("new", "bladder", "bowel", "leaked")),
    "both legs, or worsening leg weakness": (
        "emergency",
        ("both", "legs", "weak", "new or getting worse", "long time"),
    ),
    "new change in sexual function": ("emergency", ("sexual function", "changed recently")),
    "pain after a serious fall or accident": ("emergency", ("serious fall", "accident")),
    "fever or unexplained weight loss": ("doctor", ("fever", "lost weight without trying")),
    "history of cancer": ("doctor", ("cancer",)),
    "steroids, osteoporosis, weak immunity": ("doctor", ("steroid", "osteoporosis", "immune")),
    "worse at night or not eased by rest": ("doctor", ("worse at night", "rest")),
    "no improvement after a few weeks": ("doctor", ("few weeks", "better")),
}


def all_no() -> dict[str, bool]:
    return {q.id: False for q in questions()}


def matching(keywords: tuple[str, ...]) -> list[RedFlag]:
    return [q for q in questions() if all(k in q.question.lower() for k in keywords)]


@pytest.mark.parametrize("item", CLINICAL_RED_FLAGS)
def test_every_clinical_red_flag_is_asked_at_its_level(item: str) -> None:
    level, keywords = CLINICAL_RED_FLAGS[item]
    found = matching(keywords)
    assert len(found) == 1, f"{item}: {[q.id for q in found]}"
    assert found[0].level == level
    assert found[0].source.strip()


def test_each_question_is_one_clinical_item_and_none_is_extra() -> None:
    matched = [matching(keywords)[0].id for _, keywords in CLINICAL_RED_FLAGS.values()]
    assert sorted(matched) == sorted(q.id for q in questions())
    assert len(set(matched)) == len(matched)


def test_sources_name_the_guidance() -> None:
    for q in questions():
        if q.level == "emergency" and q.id != "serious-fall":
            assert "NHS cauda equina" in q.source
        assert "IFOMPT" in q.source


def test_questions_are_yes_no_questions() -> None:
    for q in questions():
        assert q.question.endswith("?"), q.id
        assert "\n" not in q.question


def test_all_no_is_clear() -> None:
    result = evaluate(all_no())
    assert result.level == "clear"
    assert result.clear
    assert result.flagged == ()
    assert "go ahead" in result.message


@pytest.mark.parametrize("flag", questions(), ids=lambda q: q.id)
def test_any_single_yes_is_not_clear(flag: RedFlag) -> None:
    result = evaluate(all_no() | {flag.id: True})
    assert result.level == flag.level
    assert not result.clear
    assert result.flagged == (flag,)


def test_emergency_outranks_doctor() -> None:
    answers = all_no() | {"cancer-history": True, "bladder-bowel": True, "night-rest-pain": True}
    result = evaluate(answers)
    assert result.level == "emergency"
    assert [q.id for q in result.flagged] == ["bladder-bowel", "cancer-history", "night-rest-pain"]


def test_all_yes_is_emergency() -> None:
    result = evaluate({q.id: True for q in questions()})
    assert result.level == "emergency"
    assert len(result.flagged) == len(questions())


def test_emergency_message_sends_to_emergency_care_and_stops_stretching() -> None:
    message = evaluate(all_no() | {"saddle-numbness": True}).message.lower()
    assert "emergency number" in message
    assert "emergency department" in message
    assert "do not stretch" in message


def test_doctor_message_says_soon_and_before_stretching() -> None:
    message = evaluate(all_no() | {"fever-weight-loss": True}).message.lower()
    assert "see a doctor soon" in message
    assert "days" in message
    assert "before you stretch" in message


def test_missing_answer_is_refused_by_name() -> None:
    answers = all_no()
    del answers["sexual-function"]
    with pytest.raises(ValueError, match="sexual-function"):
        evaluate(answers)


def test_empty_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="unanswered"):
        evaluate({})


def test_unknown_question_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'saddle-numbnes'.*did you mean: saddle-numbness"):
        evaluate(all_no() | {"saddle-numbnes": False})


def test_an_answer_that_is_not_true_or_false_is_refused() -> None:
    answers: dict[str, object] = {**all_no(), "cancer-history": "no"}
    with pytest.raises(ValueError, match="cancer-history"):
        evaluate(answers)  # type: ignore[arg-type]


NOW = datetime(2025, 3, 31, 9, 0, tzinfo=UTC)


def test_due_when_never_taken() -> None:
    assert is_due(None, None, NOW)


def test_not_due_at_29_days() -> None:
    assert not is_due(NOW - timedelta(days=29), None, NOW)
    assert not is_due(NOW - timedelta(days=30) + timedelta(seconds=1), None, NOW)


def test_due_at_30_days_and_after() -> None:
    assert SCREEN_INTERVAL == timedelta(days=30)
    assert is_due(NOW - timedelta(days=30), None, NOW)
    assert is_due(NOW - timedelta(days=400), None, NOW)


def test_due_when_a_reason_is_recorded() -> None:
    assert is_due(NOW - timedelta(hours=1), "reported numbness during a stretch", NOW)
    assert is_due(NOW - timedelta(days=29), "", NOW)


def test_a_naive_time_from_sqlite_is_read_as_utc() -> None:
    last = (NOW - timedelta(days=30)).replace(tzinfo=None)
    assert is_due(last, None, NOW)
    assert not is_due(last + timedelta(days=1), None, NOW)


def test_hurt_reasons_and_their_flags() -> None:
    reasons = {r.id: r for r in hurt_reasons()}
    assert tuple(reasons) == HURT_IDS == ("sharp", "numbness", "too-strong")
    # Sharp, shooting or spreading pain brings the red-flag questions back, as numbness does.
    assert [(r.advises_stop, r.rescreen) for r in reasons.values()] == [
        (True, True),
        (True, True),
        (False, False),
    ]
    assert "sharp" in reasons["sharp"].label.lower()
    assert "numbness" in reasons["numbness"].label.lower()
    assert "too strong" in reasons["too-strong"].label.lower()


@pytest.mark.parametrize("reason_id", ["sharp", "numbness"])
def test_sharp_and_numbness_stop_for_today_and_point_to_a_clinician(reason_id: str) -> None:
    advice = hurt_reason(reason_id).advice.lower()
    assert "stop stretching for today" in advice
    assert "doctor or physiotherapist" in advice
    assert "come" in advice or "return" in advice


def test_numbness_asks_for_the_screen_again() -> None:
    assert "questions again" in hurt_reason("numbness").advice


def test_sharp_pain_says_the_questions_come_back() -> None:
    assert "questions come back before your next session" in hurt_reason("sharp").advice


def test_too_strong_eases_off_and_suggests_the_easier_version() -> None:
    advice = hurt_reason("too-strong").advice.lower()
    assert "ease off" in advice
    assert "easier version" in advice


def test_unknown_hurt_reason_names_it_and_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'ouch'.*sharp, numbness, too-strong"):
        hurt_reason("ouch")


def test_no_text_diagnoses_or_promises_a_cure() -> None:
    result_texts = [evaluate(all_no() | {q.id: True}).message for q in questions()]
    texts = [r.advice for r in hurt_reasons()] + result_texts + [NOT_MEDICAL_ADVICE]
    for text in texts:
        lowered = text.lower()
        for word in ("cure", "heal", "you have a", "diagnos", "guarantee"):
            assert word not in lowered, (word, text)


def test_not_medical_advice_notice() -> None:
    assert "\n" not in NOT_MEDICAL_ADVICE
    for words in ("not medical advice", "clinician", "injury", "surgery", "pregnancy"):
        assert words in NOT_MEDICAL_ADVICE


def test_content_schema_is_strict() -> None:
    flag = {"id": "x", "question": "Q?", "level": "doctor", "source": "S"}
    RedFlag.model_validate(flag)
    with pytest.raises(ValidationError, match="Extra inputs"):
        RedFlag.model_validate(flag | {"severity": "high"})
    with pytest.raises(ValidationError, match="level"):
        RedFlag.model_validate(flag | {"level": "urgent"})


def test_screen_content_refuses_a_question_listed_twice() -> None:
    outcome = {"title": "T", "message": "M"}
    flag = {"id": "x", "question": "Q?", "level": "doctor", "source": "S"}
    check = {"question": "Checked?", "source": "S", "note": "N"}
    data = {
        "outcomes": {"emergency": outcome, "doctor": outcome, "clear": outcome, "checked": outcome},
        "clinician_check": check,
        "questions": [flag, flag],
    }
    with pytest.raises(ValidationError, match="listed twice: x"):
        ScreenContent.model_validate(data)


def test_hurt_content_must_hold_exactly_the_stored_reasons() -> None:
    reason = {"id": "sharp", "label": "L", "advice": "A", "advises_stop": True, "rescreen": False}
    with pytest.raises(ValidationError, match="must be exactly sharp, numbness, too-strong"):
        HurtContent.model_validate({"reasons": [reason]})
