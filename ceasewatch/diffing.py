"""What a change to the dataset introduces: the head minus the base, read from git itself.

The base (and a head given as a commit) is extracted with one ``git archive`` into a
temporary folder, removed afterwards: no network, and the user's working tree untouched.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine
from .causes import Cause, FindingKey, Locator
from .diagnostics import Diagnostic
from .loading import Dataset, SetupError

STATUS_ORDER = ("possible", "contingent", "apparent")


class GitError(SetupError):
    """git could not give what was asked (not a repository, an unknown revision)."""


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            ["git", "-C", str(repo), *args],  # noqa: S607 - git from PATH, as users run it
            capture_output=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repo_top(path: Path) -> Path:
    """The top folder of the git repository holding ``path``."""
    return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())


def resolve_rev(repo: Path, rev: str) -> str:
    """The full SHA of ``rev``, or a setup error that says how to fetch it."""
    if rev.startswith("-"):
        raise GitError(f"`{rev}` is not a revision")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"git does not have the revision `{rev}`. In GitHub Actions, check out the full "
            "history (actions/checkout with `fetch-depth: 0`) so the base commit is present"
        ) from None


@contextlib.contextmanager
def checkout(repo: Path, sha: str, subdir: str) -> Iterator[Path]:
    """The dataset folder ``subdir`` as it is at ``sha``, in a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="ceasewatch-"))
    try:
        args = ["archive", "--format=tar", sha]
        if subdir:
            args.append(subdir.rstrip("/"))
        try:
            raw = _git(repo, *args)
        except GitError:
            raw = b""  # the folder does not exist at that revision: an empty dataset
        if raw:
            _extract(raw, tmp)
        yield tmp / subdir if subdir else tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


#: What a symbolic link of the archive points to once extracted: nothing. The loader reports
#: every link in a data folder without following it, so its real target is never needed.
_LINK_TARGET = "ceasewatch-link-not-followed"


def _extract(raw: bytes, into: Path) -> None:
    """Extract a ``git archive`` tar, its symbolic links made harmless but kept as links.

    The "data" filter refuses devices, odd modes and names outside the folder; it would
    also abort the whole extraction on one link to an absolute path. Links are created
    last, each pointing nowhere, so validation reports them as it does in a working tree
    and nothing is ever written or read through one.
    """
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        members = tar.getmembers()
        links = [m for m in members if m.issym()]
        tar.extractall(into, members=[m for m in members if not m.issym()], filter="data")
    for link in links:
        parts = Path(link.name).parts
        if not parts or link.name.startswith("/") or ".." in parts:
            continue  # git never writes such a name; refuse rather than trust it
        place = into.joinpath(*parts)
        try:
            place.parent.mkdir(parents=True, exist_ok=True)
            if place.parent.resolve().is_relative_to(into.resolve()):
                place.symlink_to(_LINK_TARGET)
        except OSError:
            continue  # a name git cannot produce (a link under a link): nothing to report


@dataclass(slots=True)
class Side:
    """One side of the diff: the loaded dataset and what the engine makes of it."""

    data: Dataset | None
    result: engine.Result


def _fview(f: engine.Finding) -> tuple[Any, ...]:
    return (f.status, f.support, f.event, f.contested, f.claimed_by, f.denied_by, f.via, f.readings)


Pairs = tuple[
    list[engine.Finding], list[engine.Finding], list[tuple[engine.Finding, engine.Finding]]
]


def _match(before: list[engine.Finding], after: list[engine.Finding]) -> Pairs:
    """Findings added, removed, and changed (before, after), matched by their key."""
    b = {f.key: f for f in before}
    a = {f.key: f for f in after}
    return (
        [a[k] for k in sorted(set(a) - set(b))],
        [b[k] for k in sorted(set(b) - set(a))],
        [(b[k], a[k]) for k in sorted(set(b) & set(a)) if _fview(b[k]) != _fview(a[k])],
    )


def _dkey(d: Diagnostic) -> tuple[str, str, str, str]:
    return (d.file, d.code, d.field, d.related)


@dataclass(slots=True)
class Change:
    """A changed entry: its key and its values before and after."""

    key: str
    before: Any
    after: Any


@dataclass(slots=True)
class Diff:
    """Everything the head introduces relative to the base."""

    base: str
    head: str
    introduced: list[Diagnostic] = field(default_factory=list)
    preexisting: int = 0
    incidents_added: list[str] = field(default_factory=list)
    incidents_removed: list[str] = field(default_factory=list)
    incidents_changed: list[str] = field(default_factory=list)
    vocabulary: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    findings_added: list[engine.Finding] = field(default_factory=list)
    findings_removed: list[engine.Finding] = field(default_factory=list)
    findings_changed: list[tuple[engine.Finding, engine.Finding]] = field(default_factory=list)
    unattributed_added: list[engine.Finding] = field(default_factory=list)
    unattributed_removed: list[engine.Finding] = field(default_factory=list)
    unattributed_changed: list[tuple[engine.Finding, engine.Finding]] = field(default_factory=list)
    reviewed: list[dict[str, Any]] = field(default_factory=list)
    head_incidents: dict[str, str] = field(default_factory=dict)  # file -> title
    #: Why each finding added, removed or changed differs, and where, by its key.
    causes: dict[FindingKey, Cause] = field(default_factory=dict)
    #: Display names: ``party:ID``, ``source:ID``, ``term:AGREEMENT/TERM`` (the head's first).
    names: dict[str, str] = field(default_factory=dict)

    def name(self, kind: str, ident: str) -> str:
        """The display name of a party, a source or a term (``agreement/term``), else its id."""
        return self.names.get(f"{kind}:{ident}", ident)

    @property
    def errors(self) -> int:
        """Errors the head introduces (they fail the pull request)."""
        return sum(d.severity == "error" for d in self.introduced)

    def altered(self) -> list[FindingKey]:
        """Keys of every finding added, removed or changed."""
        return [
            *(f.key for f in self.findings_added),
            *(f.key for f in self.findings_removed),
            *(b.key for b, _ in self.findings_changed),
        ]

    def new_or_stronger(self, threshold: str) -> list[engine.Finding]:
        """Findings added, or changed to, ``threshold`` or a stronger status."""
        out = [f for f in self.findings_added if engine.at_least(f.status, threshold)]
        out += [
            a
            for b, a in self.findings_changed
            if engine.at_least(a.status, threshold) and not engine.at_least(b.status, a.status)
        ]
        return out


def compare(base: Side, head: Side, base_sha: str, head_name: str) -> Diff:
    """The head minus the base."""
    diff = Diff(base=base_sha, head=head_name)
    base_diags = {_dkey(d) for d in (base.data.diagnostics if base.data else [])}
    for d in head.data.diagnostics if head.data else []:
        if _dkey(d) in base_diags:
            diff.preexisting += 1
        else:
            diff.introduced.append(d)

    def incidents(side: Side) -> dict[str, Any]:
        if side.data is None:
            return {}
        return {
            i.file: i.model.model_dump(mode="json", warnings=False) for i in side.data.incidents
        }

    b_inc, h_inc = incidents(base), incidents(head)
    diff.incidents_added = sorted(set(h_inc) - set(b_inc))
    diff.incidents_removed = sorted(set(b_inc) - set(h_inc))
    diff.incidents_changed = sorted(f for f in set(b_inc) & set(h_inc) if b_inc[f] != h_inc[f])
    if head.data is not None:
        diff.head_incidents = {i.file: i.model.title for i in head.data.incidents}

    diff.findings_added, diff.findings_removed, diff.findings_changed = _match(
        base.result.findings, head.result.findings
    )
    diff.unattributed_added, diff.unattributed_removed, diff.unattributed_changed = _match(
        base.result.unattributed, head.result.unattributed
    )
    diff.causes = Locator(base.data, head.data).causes(
        [
            *((None, f) for f in diff.findings_added),
            *((f, None) for f in diff.findings_removed),
            *diff.findings_changed,
        ]
    )
    diff.names = {**_names(base.data), **_names(head.data)}

    _vocabulary(diff, base, head)
    _agreements(diff, base, head)
    _reviews(diff, base, head)
    return diff


def _names(data: Dataset | None) -> dict[str, str]:
    if data is None:
        return {}
    out = {f"term:{a.model.id}/{t.id}": t.title for a in data.agreements for t in a.model.terms}
    if data.project is not None:
        p = data.project.model
        out |= {f"party:{k}": v.name for k, v in p.parties.items()}
        out |= {f"source:{k}": v.name for k, v in p.sources.items()}
    return out


def _vocabulary(diff: Diff, base: Side, head: Side) -> None:
    def vocab(side: Side) -> dict[str, dict[str, Any]]:
        if side.data is None or side.data.project is None:
            return {}
        p = side.data.project.model.model_dump(mode="json", by_alias=True, warnings=False)
        return {
            k: p.get(k) or {}
            for k in ("parties", "sources", "areas", "categories", "acts", "means")
        }

    before, after = vocab(base), vocab(head)
    touched = diff.altered()
    changed_findings = [
        *diff.findings_added,
        *diff.findings_removed,
        *(a for _, a in diff.findings_changed),
    ]
    for section in ("parties", "sources", "areas", "categories", "acts", "means"):
        b, a = before.get(section, {}), after.get(section, {})
        for key in sorted(set(b) | set(a)):
            if b.get(key) == a.get(key):
                continue
            kind = "added" if key not in b else "removed" if key not in a else "changed"
            mentions = (
                sum(
                    1
                    for f in changed_findings
                    if key in (f.party, *f.claimed_by, *(d.source for d in f.denied_by), *f.via)
                )
                if section in ("parties", "sources")
                else len(touched)
            )
            entry: dict[str, Any] = {
                "section": section,
                "id": key,
                "change": kind,
                "findings_altered": mentions,
            }
            if kind == "changed":
                entry["before"], entry["after"] = b[key], a[key]
            diff.vocabulary.append(entry)


def _agreements(diff: Diff, base: Side, head: Side) -> None:
    def agreements(side: Side) -> dict[str, Any]:
        if side.data is None:
            return {}
        return {
            a.model.id: a.model.model_dump(mode="json", by_alias=True, warnings=False)
            for a in side.data.agreements
        }

    b, a = agreements(base), agreements(head)
    for key in sorted(set(b) | set(a)):
        if b.get(key) == a.get(key):
            continue
        kind = "added" if key not in b else "removed" if key not in a else "changed"
        altered = sum(1 for k in diff.altered() if k[0] == key)
        diff.agreements.append({"id": key, "change": kind, "findings_altered": altered})


def _reviews(diff: Diff, base: Side, head: Side) -> None:
    def reviews(side: Side) -> set[tuple[str, str, str, str]]:
        if side.data is None:
            return set()
        return {
            (i.model.id, r.code, r.of or "", r.note or "")
            for i in side.data.incidents
            for r in i.model.reviewed
        }

    for incident, code, of, note in sorted(reviews(head) - reviews(base)):
        diff.reviewed.append(
            {"incident": incident, "code": code, "of": of or None, "note": note or None}
        )
