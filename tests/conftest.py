"""Every test gets a fresh data folder and a wide terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supple.library.catalog import content_dir


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
