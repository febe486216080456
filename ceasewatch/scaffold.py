"""A new incident file from a few answers: valid from the start, written whole, never over
an existing file.

Only what the contributor gave is written; every other field is left for them to add, with
a comment naming it, so nothing in the file is the scaffold's invention.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

from .files import write_atomic
from .loading import PROJECT_FILE, SetupError
from .models import ID_RE, URL_RE, Project
from .vocab import Vocabulary
from .yamlsource import YamlError, read_file

#: The ISO 3166-1 alpha-2 codes a location's country may take.
COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


class ScaffoldError(SetupError):
    """An answer the file cannot hold: says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class NewIncident:
    """The answers: what happened, where, and the first claim."""

    occurred: date
    place: str
    country: str
    act: str
    targets: tuple[str, ...]
    source: str
    attributes_to: str | None = None
    url: str | None = None
    published: date | None = None
    summary: str | None = None
    region: str | None = None
    title: str | None = None
    slug: str | None = None
    means: tuple[str, ...] = field(default=())


def project(root: Path) -> Project | None:
    """The dataset's project file, typed (None when it cannot be read or is invalid: the
    scaffold then offers the built-in ids only, and validation says what is wrong)."""
    try:
        return Project.model_validate(read_file(root / PROJECT_FILE, PROJECT_FILE).data)
    except (YamlError, ValueError, OSError):
        return None


def slug(text: str) -> str:
    """``Kavkazskaya oil station`` -> ``kavkazskaya-oil-station`` (ASCII letters and digits)."""
    words = re.findall(r"[a-z0-9]+", text.lower(), re.ASCII)
    return "-".join(words)[:60].strip("-")


def check_id(kind: str, value: str, known: frozenset[str]) -> str:
    """``value`` if declared, else a :class:`ScaffoldError` with the closest id."""
    if value in known:
        return value
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
    raise ScaffoldError(f"unknown {kind} `{value}`{hint} (`ceasewatch list` shows them)")


def render(new: NewIncident, vocab: Vocabulary, names: dict[str, str]) -> tuple[str, str]:
    """The incident's id and its file's text; every answer checked first. ``names``: the
    sources' names, for the title."""
    for category in new.targets:
        check_id("category", category, vocab.categories)
    check_id("act", new.act, vocab.acts)
    for means in new.means:
        check_id("means", means, vocab.means)
    check_id("source", new.source, vocab.sources)
    if new.attributes_to is not None and new.attributes_to != "unknown":
        check_id("party", new.attributes_to, vocab.parties)
    country = new.country.upper()
    if pycountry.countries.get(alpha_2=country) is None:
        raise ScaffoldError(f"`{new.country}` is not an ISO 3166-1 alpha-2 code (UA, RU, ...)")
    if new.url is not None and not URL_RE.fullmatch(new.url):
        raise ScaffoldError(f"`{new.url}` is not an http:// or https:// address")
    if not new.place.strip():
        raise ScaffoldError("give the place (a town, a site, or the region if that is all)")
    ident = f"{new.occurred.isoformat()}-{new.slug or slug(new.place)}"
    if not ID_RE.fullmatch(ident) or ident.endswith("-"):
        raise ScaffoldError(f"`{ident}` cannot be an id; give --id with letters, digits, -")
    title = new.title or _title(new, names.get(new.source, new.source))
    lines = [
        "# yaml-language-server: $schema=../../schemas/incident.schema.json",
        f"id: {ident}",
        f"title: {_q(title)}",
        f"occurred: {new.occurred.isoformat()}  # a bare date is the whole local day",
        "location:",
        f"  place: {_q(new.place)}",
        *([f"  region: {_q(new.region)}"] if new.region else []),
        f"  country: {country}",
        "  # coordinates: {lat: 0.0, lon: 0.0, precision: approximate}",
        f"act: {new.act}",
        *([f"means: [{', '.join(new.means)}]"] if new.means else ["# means: [drone]"]),
        "# outcome: hit | intercepted | aborted | unknown (only if no source disputes it)",
        "targets:",
        *(f"  - category: {c}" for c in new.targets),
        "claims:",
        f"  - source: {new.source}",
        *([f"    published: {new.published.isoformat()}"] if new.published else []),
        *([f"    url: {_q(new.url)}"] if new.url else []),
        *([f"    attributes_to: {new.attributes_to}"] if new.attributes_to else []),
        *([f"    summary: {_q(new.summary)}"] if new.summary else []),
        "",
    ]
    return ident, "\n".join(lines)


def write(root: Path, ident: str, text: str, folder: Path | None = None) -> Path:
    """Write the file under ``incidents/<year>/`` (or ``folder``), never over another."""
    target = (folder or root / "incidents" / ident[:4]) / f"{ident}.yaml"
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target} already exists; give another --id, or edit that file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, replace=False)
    except FileExistsError:
        raise ScaffoldError(f"{target} already exists; give another --id") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {target}: {exc.strerror}") from None
    return target


def _title(new: NewIncident, name: str) -> str:
    """A title that says who reports it, naming no one as the doer (the dataset's titling
    rule, the same for both sides)."""
    what = new.act.replace("-", " ") if new.act != "unknown" else "an incident"
    return f"{name} reports {what} at {new.place}"


def _q(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``: JSON's double-quoted string is
    valid YAML, escapes every control character, and cannot open a tag or an anchor."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)
