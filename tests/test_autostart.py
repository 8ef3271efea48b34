"""Login entries for `supple breaks`, written to a temporary home and read back."""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
from pathlib import Path

import pytest

from supple.reminders.autostart import (
    activate,
    deactivate,
    entry_path,
    install,
    next_step,
    uninstall,
)

PYTHON = "/home/ann smith/.local/venvs/supple 2/bin/python"
COMMAND = [PYTHON, "-m", "supple", "breaks", "--title", 'say "hi"', "100%", "$HOME"]


def unit_command(text: str) -> list[str]:
    """ExecStart split as systemd splits it: quotes and escapes, then %% and $$ undone."""
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(text)
    args = shlex.split(unit["Service"]["ExecStart"])
    return [a.replace("%%", "%").replace("$$", "$") for a in args]


def windows_argv(line: str) -> list[str]:
    """A command line split as the Microsoft C runtime splits it."""
    args: list[str] = []
    current, quoted, slashes, started = "", False, 0, False
    for ch in line:
        if ch == "\\":
            slashes += 1
            continue
        if ch == '"':
            current += "\\" * (slashes // 2)
            if slashes % 2:
                current += '"'
            else:
                quoted = not quoted
            slashes, started = 0, True
            continue
        current += "\\" * slashes
        slashes = 0
        if ch in " \t" and not quoted:
            if started or current:
                args.append(current)
            current, started = "", False
        else:
            current += ch
            started = True
    current += "\\" * slashes
    if started or current:
        args.append(current)
    return args


def test_linux_writes_a_systemd_user_unit(tmp_path: Path) -> None:
    path = install(COMMAND, home=tmp_path, system="Linux")
    assert path == tmp_path / ".config/systemd/user/supple-breaks.service"
    text = path.read_text()
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.read_string(text)
    assert unit["Service"]["Type"] == "simple"
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"
    assert unit_command(text) == COMMAND
    assert next_step("Linux", path) == "systemctl --user enable --now supple-breaks.service"


def test_macos_writes_a_launch_agent(tmp_path: Path) -> None:
    path = install(COMMAND, home=tmp_path, system="Darwin")
    assert path == tmp_path / "Library/LaunchAgents/org.supple.breaks.plist"
    with path.open("rb") as f:
        agent = plistlib.load(f)
    assert agent["Label"] == "org.supple.breaks"
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    assert next_step("Darwin", path) == f"launchctl load -w {path}"


def test_windows_writes_a_startup_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "elsewhere"))  # not this home's: not used
    command = [
        r"C:\Program Files\Python 3\python.exe",
        "-m",
        "supple",
        "breaks",
        "100%",
        'a "b"',
        "fish&chips",
        "ends\\",
        "",
    ]
    path = install(command, home=tmp_path, system="Windows")
    startup = tmp_path / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
    assert path == startup / "supple-breaks.cmd"
    lines = path.read_bytes().decode().split("\r\n")
    assert lines[0] == "@echo off"
    prefix = 'start "supple breaks" /min '
    assert lines[1].startswith(prefix)
    # cmd turns %% back into %; the program then splits its command line.
    assert windows_argv(lines[1][len(prefix) :].replace("%%", "%")) == command
    assert next_step("Windows", path) is None


def test_windows_uses_appdata_for_the_real_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming here"))
    path = entry_path(home=Path.home(), system="Windows")
    assert path.is_relative_to(tmp_path / "Roaming here")


@pytest.mark.parametrize("system", ["Linux", "Darwin", "Windows"])
def test_uninstall_removes_it_and_twice_is_fine(tmp_path: Path, system: str) -> None:
    path = install(["supple", "breaks"], home=tmp_path, system=system)
    assert path.exists()
    assert uninstall(home=tmp_path, system=system) == path
    assert not path.exists()
    assert uninstall(home=tmp_path, system=system) is None


def test_installing_again_replaces_the_command(tmp_path: Path) -> None:
    install(["old", "breaks"], home=tmp_path, system="Linux")
    path = install(["new", "breaks"], home=tmp_path, system="Linux")
    assert unit_command(path.read_text()) == ["new", "breaks"]


def test_unknown_systems_and_empty_commands_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not supported on Plan9"):
        install(["supple"], home=tmp_path, system="Plan9")
    with pytest.raises(ValueError, match="no command"):
        install([], home=tmp_path, system="Linux")


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for systemctl")
def test_activate_runs_systemctl_only_for_the_real_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls"
    fake = bin_dir / "systemctl"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    real_home = tmp_path / "me"
    monkeypatch.setenv("HOME", str(real_home))
    other = tmp_path / "other"

    path = install(["supple", "breaks"], home=other, system="Linux")
    assert activate("Linux", path, home=other) is False
    assert not log.exists()  # never touches the session for a home that is not the person's

    path = install(["supple", "breaks"], home=real_home, system="Linux")
    assert activate("Linux", path, home=real_home) is True
    assert deactivate("Linux", path, home=real_home) is True
    assert log.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now supple-breaks.service",
        "--user disable --now supple-breaks.service",
    ]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert activate("Linux", path, home=real_home) is False  # no systemctl here
