"""Helpers shared by the CI-output tests (github, SARIF, diff): git, YAML quoting, hostile data."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping
from pathlib import Path

from .conftest import PROJECT_YAML

TESTS = Path(__file__).resolve().parent
REPO_ROOT = TESTS.parent
#: A dataset with several errors and warnings; its golden files are under ``tests/golden/ci/``.
CI_DATASET = TESTS / "data" / "ci-dataset"

_TOKEN = re.compile(r"^::stop-commands::(.*)$", re.MULTILINE)


#: git without the user's or the system's configuration, and never asking for anything.
GIT_CONFIG = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}
_GIT = ["git", "-c", "user.name=ceasewatch tests", "-c", "user.email=tests@example.invalid"]
_GIT += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Run git in ``repo`` with a fixed identity and :data:`GIT_CONFIG` (and ``env``), and
    return its output; a failure fails the test."""
    done = subprocess.run(
        [*_GIT, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_CONFIG, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, f"git {args}: {done.stderr}"
    return done.stdout


def git_repo(folder: Path) -> Path:
    """``folder`` made into a git repository (``git init``); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "--quiet")
    assert (folder / ".git").is_dir()
    return folder


def ci_dataset_in_repo(tmp_path: Path, subfolder: str = "datasets/ci") -> tuple[Path, str]:
    """A copy of the CI dataset at ``subfolder`` of a fresh git repository.

    Returns the dataset root and the prefix its paths get (``datasets/ci/``).
    """
    repo = git_repo(tmp_path / "repo")
    root = repo / subfolder
    shutil.copytree(CI_DATASET, root)
    return root, f"{subfolder}/"


def stop_token(output: str) -> str:
    """The token of the (single) ``::stop-commands::`` line."""
    tokens = _TOKEN.findall(output)
    assert len(tokens) == 1, f"expected one ::stop-commands:: line, found {tokens!r}"
    return tokens[0]


def normalise_token(output: str) -> str:
    """The github output with its random stop-commands token replaced by ``TOKEN``."""
    return output.replace(stop_token(output), "TOKEN")


def yaml_quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back exactly (any code point).

    Everything outside printable ASCII is written as an escape, so the file itself stays
    plain ASCII whatever the text holds (controls, line separators, BOMs, astral planes).
    """
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


# --- hostile strings ---------------------------------------------------------------------------

#: Strings that would forge a workflow command, break a line or a property if written raw.
HOSTILE = [
    "x\n::error::forged",
    "x\n::error file=ceasewatch.yaml,line=1::forged",
    "x\r::error::forged",
    "\r::error::forged",
    "x\r\n::warning::forged",
    "%0A::error::forged",
    "a %0D%0A::warning::forged %25",
    "##[error]forged",
    "see ##[add-mask]secret",
    "x\n##[warning]forged",
    "::stop-commands::deadbeef",
    "x\n::stop-commands::deadbeef",
    "x\n::deadbeef::",
    "::add-mask::ceasefire",
    "x\n::add-mask::ceasefire",
    "   ::error::indented",
    "x\n   ::error::indented",
    "x\n\t\u3000::error::wide-space",
    "x\u2028::error::line-separator",
    "x\x85::error::next-line",
    "x\x0b::error::vertical-tab",
    "a,b:c",
    "title=forged,line=1",
    "100% %0A %25 a:b,c",
    "trailing space ",
    "%",
    "::",
    "x::",
]


def safe_name(text: str) -> str:
    """``text`` usable in a file name on this system: no `/` or NUL, short enough."""
    name = text.replace("/", "_").replace("\0", "_")
    while len(name.encode("utf-8")) > 200:
        name = name[:-1]
    return name


def hostile_incident(value: str) -> str:
    """An incident with ``value`` in every free-text and reference field."""
    q = yaml_quote(value)
    return (
        "id: hostile\n"
        f"title: {q}\n"
        "occurred: 2025-03-19\n"
        f"location: {{place: {q}, country: {q}}}\n"
        f"outcome: {q}\n"
        f"targets:\n  - {{category: {q}}}\n"
        f"claims:\n  - source: {q}\n    url: {q}\n    summary: {q}\n"
        f"inferred: [{q}]\n"
    )


def write_hostile_dataset(root: Path, value: str, file_part: str | None = None) -> str:
    """A dataset at ``root`` whose one incident carries ``value``; returns its file's path.

    The incident's file name carries ``file_part`` (default: ``value``) where the file
    system allows it.
    """
    (root / "incidents" / "2025").mkdir(parents=True)
    (root / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    stem = "h" + safe_name(value if file_part is None else file_part)
    rel = f"incidents/2025/{stem}.yaml"
    try:
        (root / rel).write_text(hostile_incident(value), encoding="utf-8")
    except OSError:  # a name this file system refuses
        rel = "incidents/2025/h.yaml"
        (root / rel).write_text(hostile_incident(value), encoding="utf-8")
    return rel


def run_in_pty(
    args: list[str],
    env: Mapping[str, str],
    *,
    columns: int | None = None,
    rows: int = 40,
    cwd: Path | None = None,
) -> tuple[int, bytes]:
    """``python -m ceasewatch ARGS`` with a pseudo-terminal as its output (``columns`` wide,
    when given): its exit code and every byte it wrote."""
    parent, child = pty.openpty()
    if columns is not None:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    full_env.update(TERM="xterm-256color", **env)
    if columns is not None:
        full_env.update(COLUMNS=str(columns), LINES=str(rows))
    with subprocess.Popen(
        [sys.executable, "-m", "ceasewatch", *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=full_env,
        cwd=cwd,
    ) as proc:
        os.close(child)
        out = b""
        while True:  # read while it writes, so a full pty buffer cannot block it
            try:
                chunk = os.read(parent, 65536)
            except OSError:  # EIO: the terminal's other end closed and drained
                break
            if not chunk:
                break
            out += chunk
        os.close(parent)
        return proc.wait(timeout=120), out
