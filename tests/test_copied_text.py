"""No run of ten words in the project repeats the source articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT.parent / "shared" / "tools" / "copied-text"


@pytest.mark.skipif(
    not TOOL.exists(), reason="shared/tools/copied-text is not beside this checkout"
)
def test_no_sentence_is_copied_from_the_articles() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), str(ROOT)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout
    assert "copied runs: 0" in result.stdout
