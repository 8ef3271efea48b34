"""Starting `supple breaks` at login: a systemd user unit, a LaunchAgent or a Startup script."""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

UNIT = "supple-breaks.service"
LABEL = "org.supple.breaks"
SYSTEMS = ("Linux", "Darwin", "Windows")


def entry_path(*, home: Path, system: str) -> Path:
    """Where the login entry for this system lives under this home."""
    if system == "Linux":
        return home / ".config" / "systemd" / "user" / UNIT
    if system == "Darwin":
        return home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
    if system == "Windows":
        appdata = os.environ.get("APPDATA")
        # APPDATA belongs to the real home; a home given for a test or a profile stays put.
        roaming = Path(appdata) if appdata and home == Path.home() else home / "AppData/Roaming"
        return roaming / "Microsoft/Windows/Start Menu/Programs/Startup/supple-breaks.cmd"
    raise ValueError(f"starting at login is not supported on {system}: only on {SYSTEMS}")


def systemd_quote(arg: str) -> str:
    """One argument as systemd's ExecStart reads it back, specifiers and variables kept literal."""
    text = arg.replace("%", "%%").replace("$", "$$")
    if text and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def cmd_quote(arg: str) -> str:
    """One argument for a Windows batch file: quoted for the C runtime, % doubled for cmd."""
    if arg and not re.search(r'[\s"&|<>^()%]', arg):
        return arg
    # Quoted, cmd leaves & | < > ^ alone; inside, backslashes count only before a quote.
    out, slashes = '"', 0
    for ch in arg:
        if ch == "\\":
            slashes += 1
            continue
        out += "\\" * (2 * slashes + 1) + '"' if ch == '"' else "\\" * slashes + ch
        slashes = 0
    return (out + "\\" * (2 * slashes) + '"').replace("%", "%%")


def unit_text(command: list[str]) -> str:
    exec_start = " ".join(systemd_quote(a) for a in command)
    return (
        "[Unit]\n"
        "Description=supple desk-break reminders\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={exec_start}\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def plist_bytes(command: list[str]) -> bytes:
    agent = {
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a crash, not after a quit
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent)


def cmd_text(command: list[str]) -> str:
    line = " ".join(cmd_quote(a) for a in command)
    # start /min: the console window opens minimised instead of in the person's way.
    return f'@echo off\r\nstart "supple breaks" /min {line}\r\n'


def install(command: list[str], *, home: Path, system: str) -> Path:
    """Write the login entry that runs `command`; the file written."""
    if not command:
        raise ValueError("no command to start at login")
    path = entry_path(home=home, system=system)
    path.parent.mkdir(parents=True, exist_ok=True)
    if system == "Linux":
        path.write_text(unit_text(command), encoding="utf-8")
    elif system == "Darwin":
        path.write_bytes(plist_bytes(command))
    else:
        path.write_bytes(cmd_text(command).encode("utf-8"))
    return path


def uninstall(*, home: Path, system: str) -> Path | None:
    """Remove the login entry; the file removed, or None if there was none."""
    path = entry_path(home=home, system=system)
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    return path


def next_step(system: str, path: Path) -> str | None:
    """What the person runs to start it now, where writing the file is not enough."""
    if system == "Linux":
        return f"systemctl --user enable --now {UNIT}"
    if system == "Darwin":
        return f"launchctl load -w {path}"
    return None  # the Startup folder is read at the next login


def activate(system: str, path: Path, *, home: Path) -> bool:
    """Start the installed entry now; only for the real home, False if that is not possible."""
    if system == "Linux":
        return _run_all(
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", UNIT],
            home=home,
        )
    if system == "Darwin":
        return _run_all(["launchctl", "load", "-w", str(path)], home=home)
    return False


def deactivate(system: str, path: Path, *, home: Path) -> bool:
    """Stop the running entry before its file goes; False if that is not possible."""
    if system == "Linux":
        return _run_all(["systemctl", "--user", "disable", "--now", UNIT], home=home)
    if system == "Darwin":
        return _run_all(["launchctl", "unload", "-w", str(path)], home=home)
    return False


def _run_all(*commands: list[str], home: Path) -> bool:
    # A home other than the person's own (a test's, say) must never touch their session.
    if home.expanduser().resolve() != Path.home().resolve():
        return False
    if not shutil.which(commands[0][0]):
        return False
    for command in commands:
        try:
            done = subprocess.run(command, capture_output=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
        if done.returncode != 0:
            return False
    return True
