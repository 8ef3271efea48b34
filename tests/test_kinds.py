"""One vocabulary: the browser's kinds.js is generated from supple.kinds and kept current."""

from __future__ import annotations

from pathlib import Path

from supple.kinds import PhaseKind, js_module
from supple.library.catalog import default_library
from supple.timeline import build_timeline

KINDS_JS = Path(__file__).parents[1] / "src" / "supple" / "web" / "static" / "js" / "kinds.js"


def test_kinds_js_is_generated_from_the_python_enums() -> None:
    assert KINDS_JS.read_text(encoding="utf-8") == js_module(), (
        "regenerate it: python -m supple.kinds > src/supple/web/static/js/kinds.js"
    )


def test_every_phase_kind_a_timeline_uses_is_in_the_vocabulary() -> None:
    library = default_library()
    used = {p.kind for r in library.routines.values() for p in build_timeline(r, library).phases}
    assert used <= set(PhaseKind) and {PhaseKind.HOLD, PhaseKind.WARMUP} <= used
