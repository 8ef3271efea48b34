"""The clinician's review sheet: every stretch against every condition, and the red flags.

Generated from the content, never written by hand, so what a physiotherapist signs is what
supple does: `python -m supple.review > docs/clinical-review.md` (a test fails when the
sheet in docs/ no longer matches).
"""

from __future__ import annotations

from collections.abc import Iterable

from .library.catalog import Library, default_library
from .library.schema import Stretch
from .library.vocab import POSITION_WORDS
from .planner.rules import ConditionRules, Level, Rule, Rules, default_rules
from .safety import clinician_check, hurt_reasons, questions

COMMAND = "python -m supple.review > docs/clinical-review.md"

LEVEL_WORDS = {"emergency": "Emergency: get help now", "doctor": "See a doctor soon"}


def _cell(text: str) -> str:
    """Text that stays inside one table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _names(ids: Iterable[str], lib: Library) -> str:
    return ", ".join(lib.stretches[i].name for i in ids)


def _either(words: list[str]) -> str:
    """'kneeling', 'kneeling or sitting', 'kneeling, sitting or lying'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _numbered(rules: Rules) -> dict[tuple[str, str], int]:
    """Each rule's number on the sheet, in the file's order: (condition id, rule id) -> n."""
    numbers: dict[tuple[str, str], int] = {}
    for cond in rules.conditions.values():
        for rule in cond.rules:
            numbers[(cond.id.value, rule.id)] = len(numbers) + 1
    return numbers


def _verdict(s: Stretch, cond: ConditionRules, numbers: dict[tuple[str, str], int]) -> str:
    """One cell of the matrix: avoid or caution with the rules' numbers, or fine."""
    found = [r for r in cond.rules if r.matches(s)]
    if not found:
        return "fine"
    parts = []
    for level in (Level.AVOID, Level.CAUTION):
        nums = [str(numbers[(cond.id.value, r.id)]) for r in found if r.level is level]
        if nums:
            word = "**avoid**" if level is Level.AVOID else "caution"
            parts.append(f"{word} ({', '.join(nums)})")
    return "; ".join(parts)


def _matrix(lib: Library, rules: Rules, numbers: dict[tuple[str, str], int]) -> list[str]:
    conds = list(rules.conditions.values())
    out = [
        "| Stretch | Done | " + " | ".join(c.name for c in conds) + " |",
        "|---|---|" + "---|" * len(conds),
    ]
    for s in lib.stretches.values():
        where = ", ".join(POSITION_WORDS[p] for p in s.positions)
        cells = [_verdict(s, c, numbers) for c in conds]
        out.append(f"| {_cell(s.name)} | {where} | " + " | ".join(cells) + " |")
    return out


def _applies_to(rule: Rule, lib: Library) -> list[str]:
    """The stretches a rule matches, each with the alternatives it offers."""
    out = []
    for s in lib.stretches.values():
        if not rule.matches(s):
            continue
        alts = rule.alternatives.get(s.id, [])
        instead = f" (instead: {_names(alts, lib)})" if alts else ""
        out.append(f"  - {s.name}{instead}")
    return out or ["  - no stretch in the library at present"]


def _rule(n: int, rule: Rule, lib: Library) -> list[str]:
    word = "Avoid" if rule.level is Level.AVOID else "Caution"
    head = [f"**{n}. {word}.** {_cell(rule.reason)}"]
    if rule.advice:
        head.append(f"Advice given: {_cell(rule.advice)}")
    if rule.leaves_out_flexion:
        head.append("The guided sessions play only the positions that do not round the spine.")
    head.append(f"Source: {_cell(rule.source)}")
    if rule.positions:
        done = _either([POSITION_WORDS[p] for p in rule.positions])
        head.append(f"Applies to what is done {done}:")
    else:
        head.append("Applies to:")
    # Two spaces end a line inside a Markdown paragraph.
    return [line + "  " for line in head[:-1]] + [head[-1], "", *_applies_to(rule, lib), ""]


def _conditions(lib: Library, rules: Rules, numbers: dict[tuple[str, str], int]) -> list[str]:
    out: list[str] = []
    for cond in rules.conditions.values():
        out += [f"### {cond.name}", "", _cell(cond.summary), ""]
        for rule in cond.rules:
            out += _rule(numbers[(cond.id.value, rule.id)], rule, lib)
    return out


def _places(lib: Library, rules: Rules) -> list[str]:
    out: list[str] = []
    for place in rules.places.values():
        out.append(
            f"- **{place.name}**" + (f" (source: {_cell(place.source)})" if place.source else "")
        )
        if place.positions is not None:
            out.append(
                f"  - only what is done {_either([POSITION_WORDS[p] for p in place.positions])}"
            )
        if place.equipment is not None:
            out.append(f"  - only with: {', '.join(e.value for e in place.equipment) or 'nothing'}")
        for sid, why in place.exclude.items():
            out.append(f"  - left out: {lib.stretches[sid].name}: {_cell(why)}")
    return out


def _red_flags() -> list[str]:
    out = ["| # | Question | Level | Source |", "|---|---|---|---|"]
    for i, q in enumerate(questions(), 1):
        out.append(f"| {i} | {_cell(q.question)} | {LEVEL_WORDS[q.level]} | {_cell(q.source)} |")
    check = clinician_check()
    out += [
        "",
        "After any see-a-doctor answer (never after an emergency one) supple asks:",
        f'"{_cell(check.question)}" A yes lets the person go on, with this note at the start '
        f'of each session: "{_cell(check.note)}" Source: {_cell(check.source)}.',
    ]
    return out


def _hurt() -> list[str]:
    out = ["| Answer | Stops for today | Asks the red-flag questions again |", "|---|---|---|"]
    for r in hurt_reasons():
        out.append(
            f"| {_cell(r.label)} | {'yes' if r.advises_stop else 'no'} "
            f"| {'yes' if r.rescreen else 'no'} |"
        )
    return out


def sheet(library: Library | None = None, rules: Rules | None = None) -> str:
    """The whole review sheet as Markdown."""
    lib = library or default_library()
    rules = rules or default_rules()
    numbers = _numbered(rules)
    lines = [
        "# supple: clinical review sheet",
        "",
        f"Generated from supple's content by `{COMMAND}`; do not edit it by hand. "
        "A test fails when this sheet no longer matches the content.",
        "",
        "supple is a general-wellness stretching guide, not a treatment. This sheet lists "
        "every rule it follows on safety, so that a physiotherapist can check them in one "
        "read: which stretch is left out or needs care for which condition, why, on what "
        "source, and what is offered instead; then the warning-sign questions asked before "
        "stretching.",
        "",
        "## 1. Every stretch against every condition",
        "",
        "**avoid**: never planned for a person with the condition; wherever the stretch "
        "appears (library, routines, players) it is marked not advised, with the "
        "alternatives. caution: may be planned, but only when nothing else does as well; "
        "it is marked take care, with the advice. fine: no rule applies. The numbers are "
        "the rules in section 2.",
        "",
        *_matrix(lib, rules, numbers),
        "",
        "## 2. The rules, with their reasons and sources",
        "",
        *_conditions(lib, rules, numbers),
        "## 3. Where the person is (supple plan --place)",
        "",
        *_places(lib, rules),
        "",
        "## 4. Warning signs asked before stretching",
        "",
        "Asked before the first session, every 30 days, and after a report of new symptoms.",
        "",
        *_red_flags(),
        "",
        '## 5. "That hurts" during a stretch',
        "",
        "The stretch stops at once; the person says what happened.",
        "",
        *_hurt(),
        "",
        "## Sign-off",
        "",
        "Reviewed by: ______________________  Role: ______________  Date: ____________",
        "",
        "Changes asked for:",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(sheet(), end="")
