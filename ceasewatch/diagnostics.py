"""Problems found in data files: one located type, and the registry of stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]  # "note": a finding, never a data problem


@dataclass(frozen=True, slots=True)
class Code:
    """A stable problem code: its default severity, a title and what to do about it."""

    severity: Severity
    title: str
    help: str


#: Every code the program can raise. ``docs/codes.md`` documents each one (a test checks).
CODES: dict[str, Code] = {
    # reading files
    "file-unreadable": Code("error", "File cannot be read", "Check the file's permissions."),
    "file-symlink": Code(
        "error",
        "Symbolic link",
        "Replace the link by the real file or folder inside the repository.",
    ),
    "file-encoding": Code("error", "Not UTF-8 text", "Re-save the file as UTF-8."),
    "yaml-syntax": Code("error", "YAML syntax error", "Fix the YAML at the position shown."),
    "yaml-duplicate-key": Code("error", "Duplicate key", "Keep only one of the two keys."),
    "yaml-anchor": Code("error", "Anchor or alias", "Write the value out in full."),
    "yaml-tag": Code("error", "Explicit tag", "Remove the tag; quote the value if it is text."),
    "yaml-merge-key": Code("error", "Merge key", "Write the merged fields out in full."),
    "yaml-complex-key": Code("error", "Key is not text", "Use plain text as keys."),
    "yaml-multiple-documents": Code(
        "error", "Several YAML documents", "Keep one document per file."
    ),
    "yaml-too-deep": Code("error", "Nested too deeply", "Flatten the structure."),
    "yaml-too-large": Code("error", "File too large", "Split the file up."),
    "yaml-not-mapping": Code(
        "error", "Not a mapping", "A data file is a mapping of fields, such as `id: ...`."
    ),
    # schema
    "schema-missing": Code("error", "Missing field", "Add the field named."),
    "schema-unknown-field": Code(
        "error", "Unknown field", "Remove the field or correct its spelling."
    ),
    "schema-type": Code("error", "Wrong kind of value", "Give the kind of value named."),
    "schema-value": Code("error", "Value not allowed", "Use one of the values named."),
    # identity and references
    "id-format": Code("error", "Malformed id", "Use lowercase letters a-z, digits and hyphens."),
    "id-duplicate": Code("error", "Id used twice", "Give each agreement or incident its own id."),
    "id-filename": Code(
        "error", "Id differs from file name", "Rename the file, or change the id, so they match."
    ),
    "ref-unknown": Code(
        "error",
        "Unknown reference",
        "Correct the spelling, or declare the party, source, area or vocabulary entry "
        "in ceasewatch.yaml.",
    ),
    "ref-not-party": Code(
        "error", "Not a party to the agreement", "Name only the agreement's `parties`."
    ),
    "ref-inferred": Code(
        "error", "Inferred field does not exist", "Name a field this incident has."
    ),
    # time
    "time-invalid": Code(
        "error",
        "Invalid date or time",
        "Write ISO 8601, YYYY-MM-DD[THH:MM], in the years 1900 to 2200.",
    ),
    "time-zone": Code("error", "Unknown time zone", "Use an IANA zone name such as Europe/Kyiv."),
    "time-nonexistent": Code(
        "error", "Time skipped by a clock change", "Give the UTC offset, e.g. +03:00."
    ),
    "time-ambiguous": Code(
        "error", "Time repeated by a clock change", "Give the UTC offset, e.g. +03:00."
    ),
    "time-window-order": Code("error", "Window ends before it starts", "Swap or fix the ends."),
    "time-published-before": Code(
        "warning",
        "Claim published before the incident",
        "Check the claim's `published` date and the incident's time.",
    ),
    "time-future": Code("warning", "Date in the future", "Check the date."),
    # places and links
    "place-country": Code("error", "Unknown country code", "Use ISO 3166-1 alpha-2, e.g. UA."),
    "place-coordinates": Code("error", "Coordinates out of range", "Check latitude/longitude."),
    "place-polygon": Code("error", "Malformed polygon", "Give closed rings of [lon, lat]."),
    "url-scheme": Code("error", "Not a web address", "Use an http:// or https:// address."),
    # data quality (warnings)
    "possible-duplicate": Code(
        "warning",
        "Possible duplicate incident",
        "Another incident is close in time (overlapping or within a day), within 5 km (or the "
        "same place and region), with overlapping targets. Merge them, or record a review.",
    ),
    "incident-no-claims": Code(
        "warning",
        "No accusing or denying claim",
        "Add the claims of the sources that report the incident.",
    ),
    "claim-no-url": Code("warning", "Claim without a URL", "Add the address of the claim."),
    "claim-updates": Code(
        "error",
        "Update of no earlier claim",
        "Give the index of an earlier claim of the same source.",
    ),
    "claim-undated": Code(
        "warning", "Claim without a date", "Add the `published` date the source shows."
    ),
    "url-off-outlet": Code(
        "warning",
        "Claim read off its outlet's site",
        "Cite the outlet's own page, or give it as `original_url`.",
    ),
    "place-outside-country": Code(
        "warning",
        "Coordinates outside the stated country",
        "Check the coordinates (latitude and longitude swapped?) and the country code.",
    ),
    "url-repeated": Code(
        "warning",
        "Claim URL repeated across incidents",
        "The same URL is cited on incidents that do not look like the same event: check for a "
        "copy-paste slip, or record a review (a bulletin listing several sites).",
    ),
    "review-stale": Code(
        "warning",
        "Review matches no warning",
        "Remove the `reviewed` entry: the warning it records is no longer raised.",
    ),
}

#: Warnings about a pair of incidents: a review names the other one with `of`.
PAIR_CODES = frozenset({"possible-duplicate"})


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place in one file. Sorts by file, line, column."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    #: The field path inside the file (``claims[0].source``), stable across edits.
    field: str = ""
    #: For a warning about a pair of incidents, the other incident's id.
    related: str = ""

    @classmethod
    def at(
        cls,
        file: str,
        line: int,
        column: int,
        code: str,
        message: str,
        path: tuple[str | int, ...] = (),
        related: str = "",
    ) -> Diagnostic:
        """A problem with its code's severity, at a field path given as a tuple."""
        severity = CODES[code].severity
        return cls(file, line, column, code, severity, message, field_path(path), related)

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        } | ({"related": self.related} if self.related else {})


def field_path(path: tuple[str | int, ...]) -> str:
    """``('claims', 0, 'source')`` as ``claims[0].source``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
