"""Every test gets a fresh data folder and a wide terminal; store tests get a store and clock."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

# The tests test this tree's code, whatever the installed supple points at (an editable install
# made in another clone), here and in every `python -m supple` they start.
SRC = str(Path(__file__).resolve().parents[1] / "src")
sys.path.insert(0, SRC)
os.environ["PYTHONPATH"] = os.pathsep.join([SRC, *filter(None, [os.environ.get("PYTHONPATH")])])

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from store_kit import START, Clock  # noqa: E402
from supple.library.catalog import content_dir  # noqa: E402
from supple.store.db import Store, open_store  # noqa: E402


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SUPPLE_HOME in a temporary folder: no test touches the real user data."""
    path = tmp_path / "home"
    monkeypatch.setenv("SUPPLE_HOME", str(path))
    monkeypatch.setenv("COLUMNS", "200")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the package's content, for tests that break a file."""
    dest = tmp_path / "content"
    shutil.copytree(content_dir(), dest)
    return dest


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand, from START."""
    return Clock(START)


@pytest.fixture
def store(home: Path, clock: Clock) -> Iterator[Store]:
    """The store on a fresh SQLite file in home, on the test's clock."""
    with open_store(home, clock=clock) as opened:
        yield opened
