# ruff: noqa: E501 - tables of expected diagnostics read best one per line
"""Validation rules: each bad snippet gives exactly the expected located diagnostics.

Every case runs ``ceasewatch validate --format json --today 2025-06-01`` on a dataset made
of the snippet and the default ``ceasewatch.yaml`` (``conftest.PROJECT_YAML``), then checks
the exact ``(file, line, column, code, severity)`` list, a key part of each message, and the
exit code (1 when there is an error, else 0). The data-quality warnings of a later issue
(``conftest.QUALITY_CODES``) are left out of these lists; they never change the exit code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from textwrap import dedent

import pytest

from ceasewatch.diagnostics import CODES

from . import test_yamlsource
from .conftest import (
    AGREEMENT_YAML,
    PROJECT_YAML,
    QUALITY_CODES,
    CliResult,
    MakeDataset,
    validate_json,
)

I = "incidents/2025/x-1.yaml"  # noqa: E741 - the incident file most cases use
A = "agreements/deal.yaml"
M = "agreements/moratorium.yaml"
T = "tallies/t-1.yaml"
T2 = "tallies/t-2.yaml"
P = "ceasewatch.yaml"
E, W = "error", "warning"

Expected = tuple[str, int, int, str, str, str]  # file, line, column, code, severity, message part


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    expected: list[Expected]
    project: str = PROJECT_YAML
    args: tuple[str, ...] = field(default=())


def d(text: str) -> str:
    return dedent(text).lstrip("\n")


def project_with(extra: str) -> str:
    """The default project file with ``extra`` appended (its lines start at line 20)."""
    assert PROJECT_YAML.count("\n") == 19
    return PROJECT_YAML + d(extra)


AGREEMENT_OK_TERMS = """\
terms:
  - id: t
    title: T
    prohibits: {per: [kremlin]}
"""

# fmt: off
CASES = [
    # --- schema --------------------------------------------------------------------------
    Case(
        "schema-missing: required field",
        {I: "id: x-1\noccurred: 2025-03-19\nlocation: {country: UA}\n"},
        [(I, 1, 1, "schema-missing", E, "missing required field `title`")],
    ),
    Case(
        "schema-missing: in a list item",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims:
                  - url: https://example.org/a
                """)
        },
        [(I, 6, 5, "schema-missing", E, "missing required field `source` in `claims[0]`")],
    ),
    Case(
        "schema-unknown-field: did you mean, at the key",
        {I: "id: x-1\ntitle: T\noccured: 2025-03-19\nlocation: {country: UA}\n"},
        [
            (I, 1, 1, "schema-missing", E, "missing required field `occurred`"),
            (I, 3, 1, "schema-unknown-field", E, "unknown field `occured` (did you mean `occurred`?); the fields here are `act`, `casualties`, `claims`, `id`, `inferred`, `intercepted_at`, `launched_from`, `location`, `means`, `note`, `occurred`, `outcome`, "),
        ],
    ),
    Case(
        "schema-unknown-field: nested, did you mean",
        {I: "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA, plcae: K}\n"},
        [(I, 4, 25, "schema-unknown-field", E, "unknown field `plcae` (did you mean `place`?); the fields here are `controlled_by`, `coordinates`, `country`, `place`, `region`")],
    ),
    Case(
        "schema-unknown-field: nothing close",
        {I: "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\ncolour: red\n"},
        [(I, 5, 1, "schema-unknown-field", E, "unknown field `colour`; the fields here are")],
    ),
    Case(
        "schema-unknown-field: in ceasewatch.yaml",
        {},
        [(P, 6, 21, "schema-unknown-field", E, "unknown field `alias` (did you mean `aliases`?); the fields here are `aliases`, `name`")],
        project=PROJECT_YAML.replace(
            "ukraine: {name: Ukraine}", "ukraine: {name: Ukraine}\n  poland: {name: P, alias: [PL]}"
        ),
    ),
    Case(
        "schema-type: list for text, text for list, text for mapping",
        {I: "id: x-1\ntitle: [a, b]\noccurred: 2025-03-19\nlocation: Kyiv\nmeans: drone\n"},
        [
            (I, 2, 8, "schema-type", E, "`title` should be text, found a list"),
            (I, 4, 11, "schema-type", E, "`location` should be a mapping (`key: value` lines), found text"),
            (I, 5, 8, "schema-type", E, "`means` should be a list, found text"),
        ],
    ),
    Case(
        "schema-type: empty value",
        {I: "id: x-1\ntitle:\noccurred: 2025-03-19\nlocation: {country: UA}\n"},
        [(I, 2, 7, "schema-type", E, "`title` is empty; give text or remove the field")],
    ),
    Case(
        "schema-type: a list where a date or window goes",
        {I: "id: x-1\ntitle: T\noccurred: [2025-03-19]\nlocation: {country: UA}\n"},
        [(I, 3, 11, "schema-type", E, "`occurred` should be text, found a list")],
    ),
    Case(
        "schema-type: booleans are only true/false, numbers only decimals",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location:
                  coordinates: {lat: 1e3, lon: .inf, precision: exact}
                claims:
                  - source: kremlin
                    general: yes
                """)
        },
        [
            (I, 5, 22, "schema-type", E, "`location.coordinates.lat`: expected a decimal number, found `1e3`"),
            (I, 5, 32, "schema-type", E, "`location.coordinates.lon`: expected a decimal number, found `.inf`"),
            (I, 8, 14, "schema-type", E, "`claims[0].general`: expected `true` or `false`, found `yes`"),
        ],
    ),
    Case(
        "schema-value: not an allowed value, did you mean",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location:
                  coordinates: {lat: 1, lon: 2, precision: exactly}
                outcome: hitt
                """)
        },
        [
            (I, 5, 44, "schema-value", E, "`exactly` is not allowed for `location.coordinates.precision` (did you mean `exact`?); use one of `exact`, `approximate`, `region`"),
            (I, 6, 10, "schema-value", E, "`hitt` is not allowed for `outcome` (did you mean `hit`?); use one of `hit`, `intercepted`, `aborted`, `unknown`"),
        ],
    ),
    Case(
        "schema-value: blank text",
        {I: "id: x-1\ntitle: ' '\noccurred: 2025-03-19\nlocation: {country: UA}\nnote: ''\n"},
        [
            (I, 2, 8, "schema-value", E, "`title`: is empty; give a value or remove the field"),
            (I, 5, 7, "schema-value", E, "`note`: is empty"),
        ],
    ),
    Case(
        "schema-value and schema-missing: agreement shapes",
        {
            A: d("""
                id: deal
                title: Deal
                parties: []
                in_force:
                  - per: [kremlin]
                  - pending: lifting of sanctions
                    from: 2025-03-18
                    per: [kremlin]
                  - from: 2025-03-18
                    until: 2025-03-20
                    for: 3 days
                    per: [kremlin]
                terms:
                  - id: t
                    title: T
                    prohibits: {per: [kremlin], attempts: True}
                """)
        },
        [
            (A, 3, 10, "schema-value", E, "`parties` needs at least 1 entry"),
            (A, 5, 5, "schema-missing", E, "`in_force[0]`: give `from` (or `pending` if not yet in force)"),
            (A, 6, 5, "schema-value", E, "`in_force[1]`: a `pending` reading has no `from`, `until` or `for`"),
            (A, 9, 5, "schema-value", E, "`in_force[2]`: give `until` or `for`, not both"),
            (A, 16, 43, "schema-type", E, "`terms[0].prohibits.attempts`: expected `true` or `false`, found `True`"),
        ],
    ),
    Case(
        "schema-value: an area needs countries or a polygon, not both",
        {},
        [
            (P, 20, 12, "schema-value", E, "`areas.nowhere`: give exactly one of `countries` or `polygon`"),
            (P, 21, 9, "schema-value", E, "`areas.both`: give exactly one of"),
        ],
        project=project_with("""
            categories: {}
            """).replace(
            "  ukraine: {name: Ukraine, countries: [UA]}\n",
            "  ukraine: {name: Ukraine, countries: [UA]}\n"
            "  nowhere: {name: N}\n"
            "  both: {name: B, countries: [UA], polygon: x.geojson}\n",
        ),
    ),
    # --- identity ------------------------------------------------------------------------
    Case(
        "id-format: upper case and underscore",
        {
            "incidents/X_1.yaml": "id: X_1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n"
        },
        [("incidents/X_1.yaml", 1, 5, "id-format", E, "`X_1` is not a valid id: use lowercase letters a-z, digits and single hyphens")],
    ),
    Case(
        "id-format: zero-width space (#48), path traversal (#52), bad references",
        {
            "incidents/x-1.yaml": d("""
                id: "x-1\\u200b"
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims:
                  - {source: Kremlin, url: "https://example.org/a"}
                  - {source: kremlin, attributes_to: "ukra\\u0456ne"}
                targets:
                  - {category: Energy/Oil}
                """),
            "incidents/pwn.yaml": (
                'id: "../../.github/workflows/pwn"\ntitle: T\noccurred: 2025-03-19\n'
                "location: {country: UA}\n"
            ),
        },
        [
            ("incidents/pwn.yaml", 1, 5, "id-format", E, "`../../.github/workflows/pwn` is not"),
            ("incidents/x-1.yaml", 1, 5, "id-format", E, "`x-1\u200b` is not a valid id"),
            ("incidents/x-1.yaml", 6, 14, "id-format", E, "`Kremlin` is not a valid id"),
            ("incidents/x-1.yaml", 7, 38, "id-format", E, "`ukra\u0456ne` is not a valid id"),
            ("incidents/x-1.yaml", 9, 16, "id-format", E, "`Energy/Oil` is not a valid category id: lowercase words joined by `-`, levels separated by `/` (e.g. `energy/oil/refinery`)"),
        ],
    ),
    Case(
        "id-format: project keys",
        {},
        [(P, 21, 3, "id-format", E, "`Bad_Cat` is not a valid category id")],
        project=project_with("""
            categories:
              Bad_Cat: a category
            """),
    ),
    Case(
        "id-filename",
        {
            "incidents/x-2.yaml": "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n"
        },
        [("incidents/x-2.yaml", 1, 5, "id-filename", E, "the incident id `x-1` differs from the file name `x-2`; rename one so they match")],
    ),
    Case(
        "id-duplicate: incidents in different folders; agreements; terms",
        {
            "incidents/a/x-1.yaml": "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {}\n",
            "incidents/b/x-1.yml": "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {}\n",
            "agreements/deal.yaml": d("""
                id: deal
                title: D
                parties: [russia, ukraine]
                in_force: [{from: 2025-03-18, per: [kremlin]}]
                terms:
                  - {id: t, title: T, prohibits: {per: [kremlin]}}
                  - {id: t, title: T2, prohibits: {per: [kremlin]}}
                """),
            "agreements/2025/deal.yaml": d("""
                id: deal
                title: D
                parties: [russia, ukraine]
                in_force: [{from: 2025-03-18, per: [kremlin]}]
                """)
            + AGREEMENT_OK_TERMS,
        },
        [
            ("agreements/deal.yaml", 1, 5, "id-duplicate", E, "agreement id `deal` is already used by agreements/2025/deal.yaml"),
            ("agreements/deal.yaml", 7, 10, "id-duplicate", E, "term id `t` is used twice in this agreement (also terms[0])"),
            ("incidents/b/x-1.yml", 1, 5, "id-duplicate", E, "incident id `x-1` is already used by incidents/a/x-1.yaml"),
        ],
    ),
    # --- references ----------------------------------------------------------------------
    Case(
        "ref-unknown: every reference of an incident, with did you mean",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                act: strke
                means: [dron]
                targets:
                  - {category: energy/oil/refinary}
                claims:
                  - source: kremlim
                    via: r
                    attributes_to: ukrain
                    denies: russa
                    act: sabotge
                    means: [artilery]
                    targets: [{category: civilian/residental}]
                """)
        },
        [
            (I, 5, 6, "ref-unknown", E, "unknown act `strke` (did you mean `strike`?); declare it under `acts:` in ceasewatch.yaml (or use a built-in act)"),
            (I, 6, 9, "ref-unknown", E, "unknown means `dron` (did you mean `drone`?); declare it under `means:`"),
            (I, 8, 16, "ref-unknown", E, "unknown category `energy/oil/refinary` (did you mean `energy/oil/refinery`?); declare it under `categories:`"),
            (I, 10, 13, "ref-unknown", E, "unknown source `kremlim` (did you mean `kremlin`?); declare it under `sources:` in ceasewatch.yaml"),
            (I, 11, 10, "ref-unknown", E, "unknown source `r` (did you mean `rt`?)"),
            (I, 12, 20, "ref-unknown", E, "unknown party `ukrain` (did you mean `ukraine`?); declare it under `parties:` in ceasewatch.yaml"),
            (I, 13, 13, "ref-unknown", E, "unknown party `russa` (did you mean `russia`?)"),
            (I, 14, 10, "ref-unknown", E, "unknown act `sabotge` (did you mean `sabotage`?)"),
            (I, 15, 13, "ref-unknown", E, "unknown means `artilery` (did you mean `artillery`?)"),
            (I, 16, 26, "ref-unknown", E, "unknown category `civilian/residental` (did you mean `civilian/residential`?)"),
        ],
    ),
    Case(
        "ref-unknown: nothing close; `unknown` attributes to nobody known",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims:
                  - {source: zzz, attributes_to: unknown}
                  - {source: kremlin, denies: unknown}
                """)
        },
        [
            (I, 6, 14, "ref-unknown", E, "unknown source `zzz`; declare it under `sources:` in ceasewatch.yaml"),
            (I, 7, 31, "ref-unknown", E, "unknown party `unknown`; declare it under `parties:`"),
        ],
    ),
    Case(
        "ref-unknown and ref-not-party: every reference of an agreement",
        {
            A: d("""
                id: deal
                title: Deal
                parties: [russia, ukrane]
                mediators: [united-state]
                in_force:
                  - from: 2025-03-18T17:00:00+03:00
                    per: [kremln]
                    parties: [united-states]
                references:
                  - {source: whitehouse, url: "https://example.org/k", via: reuter}
                terms:
                  - id: t
                    title: T
                    binds: [russia, united-states]
                    prohibits:
                      acts: [strik]
                      means: [missle]
                      targets: [energie]
                      areas: [black-se]
                      per: [kremlin]
                    readings:
                      - {per: [white-hous], targets: [enrgy]}
                    except:
                      areas: [ukrain]
                """)
        },
        [
            (A, 3, 19, "ref-unknown", E, "unknown party `ukrane` (did you mean `ukraine`?)"),
            (A, 4, 13, "ref-unknown", E, "unknown party `united-state` (did you mean `united-states`?)"),
            (A, 7, 11, "ref-unknown", E, "unknown source `kremln` (did you mean `kremlin`?)"),
            (A, 8, 15, "ref-not-party", E, "`united-states` is not among this agreement's parties (russia, ukrane)"),
            (A, 10, 14, "ref-unknown", E, "unknown source `whitehouse` (did you mean `white-house`?)"),
            (A, 10, 61, "ref-unknown", E, "unknown source `reuter` (did you mean `reuters`?)"),
            (A, 14, 21, "ref-not-party", E, "`united-states` is not among this agreement's parties"),
            (A, 16, 14, "ref-unknown", E, "unknown act `strik` (did you mean `strike`?)"),
            (A, 17, 15, "ref-unknown", E, "unknown means `missle` (did you mean `missile`?)"),
            (A, 18, 17, "ref-unknown", E, "unknown category `energie` (did you mean `energy`?)"),
            (A, 19, 15, "ref-unknown", E, "unknown area `black-se` (did you mean `black-sea`?); declare it under `areas:` in ceasewatch.yaml"),
            (A, 22, 16, "ref-unknown", E, "unknown source `white-hous` (did you mean `white-house`?)"),
            (A, 22, 39, "ref-unknown", E, "unknown category `enrgy` (did you mean `energy`?)"),
            (A, 24, 15, "ref-unknown", E, "unknown area `ukrain` (did you mean `ukraine`?)"),
        ],
    ),
    Case(
        "ref-unknown: in ceasewatch.yaml (affiliation, category parent)",
        {},
        [
            (P, 21, 3, "ref-unknown", E, "category `weird/thing` sits under `weird`, which is not a category; declare the parent first"),
        ],
        project=project_with("""
            categories:
              weird/thing: Thing
              energy/oil/tank-farm: Tank farm
            """),
    ),
    Case(
        "ref-unknown: a source's affiliation",
        {},
        [(P, 12, 65, "ref-unknown", E, "unknown party `united-state` (did you mean `united-states`?)")],
        project=PROJECT_YAML.replace("affiliation: united-states", "affiliation: united-state"),
    ),
    Case(
        "ref-unknown: project additions are known",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                act: blockade
                means: [mine]
                targets: [{category: energy/oil/tank-farm}]
                """)
        },
        [],
        project=project_with("""
            categories:
              energy/oil/tank-farm: Tank farm
            acts:
              blockade: Blocking a port
            means:
              mine: Naval mine
            """),
    ),
    Case(
        "ref-inferred",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                inferred: [location.coordinates, targets, location.country, "claims[0].source", "claims[1]"]
                claims:
                  - {source: kremlin}
                """)
        },
        [
            (I, 5, 12, "ref-inferred", E, "`location.coordinates` is not a field of this incident; name a field it has"),
            (I, 5, 34, "ref-inferred", E, "`targets` is not a field of this incident"),
            (I, 5, 81, "ref-inferred", E, "`claims[1]` is not a field of this incident"),
        ],
    ),
    Case(
        "claim-updates: a later claim, or another source's",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims:
                  - {source: kremlin, updates: 1}
                  - {source: ukraine-mfa, updates: 0}
                  - {source: kremlin, updates: 0}
                """)
        },
        [
            (I, 6, 32, "claim-updates", E, "`updates: 1` must name an earlier claim of `kremlin` (its index in `claims`, counting from 0; this claim is number 0)"),
            (I, 7, 36, "claim-updates", E, "`updates: 0` must name an earlier claim of `ukraine-mfa`"),
        ],
    ),
    # --- time ----------------------------------------------------------------------------
    Case(
        "time-invalid: impossible dates (#18) and fuzzy ones (#49)",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-02-30
                location: {country: UA}
                claims:
                  - {source: kremlin, published: March}
                  - {source: kremlin, published: 1/2/3}
                  - {source: kremlin, published: "99999999999999999999"}
                  - {source: kremlin, published: "12:00 EST"}
                  - {source: kremlin, published: 2025-03-00}
                  - {source: kremlin, published: 2025-03-19T25:00}
                  - {source: kremlin, published: 20250319}
                  - {source: kremlin, published: 2025-W12}
                """)
        },
        [
            (I, 3, 11, "time-invalid", E, "`2025-02-30` is not a real date or time: day is out of range for month"),
            (I, 6, 34, "time-invalid", E, "`March` is not an ISO 8601 date or date-time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"),
            (I, 7, 34, "time-invalid", E, "`1/2/3` is not an ISO 8601 date or date-time"),
            (I, 8, 34, "time-invalid", E, "`99999999999999999999` is not an ISO 8601 date"),
            (I, 9, 34, "time-invalid", E, "`12:00 EST` is not an ISO 8601 date"),
            (I, 10, 34, "time-invalid", E, "`2025-03-00` is not a real date or time"),
            (I, 11, 34, "time-invalid", E, "`2025-03-19T25:00` is not a real date or time"),
            (I, 12, 34, "time-invalid", E, "`20250319` is not an ISO 8601 date"),
            (I, 13, 34, "time-invalid", E, "`2025-W12` is not an ISO 8601 date"),
        ],
    ),
    Case(
        "time-invalid: durations and plain dates of agreements",
        {
            A: d("""
                id: deal
                title: Deal
                parties: [russia, ukraine]
                announced: 2025-3-18
                in_force:
                  - {from: 2025-03-18, for: thirty days, per: [kremlin]}
                  - {from: 2025-03-18, for: 0 days, per: [kremlin]}
                references:
                  - {source: kremlin, url: "https://example.org/k", published: 2025-02-30}
                """)
            + AGREEMENT_OK_TERMS,
        },
        [
            (A, 4, 12, "time-invalid", E, "`2025-3-18` is not a date; write it as YYYY-MM-DD"),
            (A, 6, 29, "time-invalid", E, "`thirty days` is not a duration; write `N days`"),
            (A, 7, 29, "time-invalid", E, "`0 days` is not a duration"),
            (A, 9, 64, "time-invalid", E, "`2025-02-30` is not a real date: day is out of range"),
        ],
    ),
    Case(
        "time-zone: unknown zone, and a path as a zone",
        {
            I: "id: x-1\ntitle: T\noccurred: 2025-03-19\ntimezone: Europe/Kiev2\nlocation: {}\n",
            "incidents/x-2.yaml": (
                "id: x-2\ntitle: T\noccurred: 2025-03-19\ntimezone: ../../etc/passwd\nlocation: {}\n"
            ),
        },
        [
            (I, 4, 11, "time-zone", E, "`Europe/Kiev2` is not an IANA time zone (e.g. Europe/Kyiv)"),
            ("incidents/x-2.yaml", 4, 11, "time-zone", E, "`../../etc/passwd` is not an IANA"),
        ],
    ),
    Case(
        "time-zone: a rejected zone does not fall back to the project's",
        {I: "id: x-1\ntitle: T\noccurred: 2025-03-30T03:30\ntimezone: Europe/Moskva\nlocation: {}\n"},
        [(I, 4, 11, "time-zone", E, "`Europe/Moskva` is not an IANA time zone")],
    ),
    Case(
        "time-nonexistent: Kyiv 2025-03-30T03:30 (clocks skip 03:00-04:00)",
        {I: "id: x-1\ntitle: T\noccurred: 2025-03-30T03:30\nlocation: {country: UA}\n"},
        [
            (I, 3, 11, "time-nonexistent", E, "`2025-03-30T03:30` does not exist in Europe/Kyiv: the clocks skipped it; give the UTC offset"),
        ],
    ),
    Case(
        "time-ambiguous: Kyiv 2025-10-26T03:30 (clocks repeat 03:00-04:00)",
        {I: "id: x-1\ntitle: T\noccurred: 2025-10-26T03:30\nlocation: {country: UA}\n"},
        [
            (I, 3, 11, "time-ambiguous", E, "`2025-10-26T03:30` happens twice in Europe/Kyiv (clocks went back); give the UTC offset"),
        ],
        args=("--today", "2025-12-01"),
    ),
    Case(
        "time-nonexistent and time-ambiguous inside claims",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-30
                location: {country: UA}
                claims:
                  - source: kremlin
                    occurred:
                      from: 2025-03-30T03:00
                      until: 2025-03-30T05:00
                    published: 2025-10-26T03:59:59
                """)
        },
        [
            (I, 8, 7, "time-nonexistent", E, "`2025-03-30T03:00` does not exist in Europe/Kyiv"),
            (I, 10, 16, "time-ambiguous", E, "`2025-10-26T03:59:59` happens twice"),
        ],
        args=("--today", "2025-12-01"),
    ),
    Case(
        "time: offsets, or the incident's own zone, make such times valid",
        {
            I: "id: x-1\ntitle: T\noccurred: 2025-03-30T03:30+03:00\nlocation: {country: UA}\n",
            "incidents/x-2.yaml": d("""
                id: x-2
                title: T
                occurred: 2025-03-30T03:30
                timezone: Europe/Moscow
                location: {country: RU}
                """),
            "incidents/x-3.yaml": (
                "id: x-3\ntitle: T\noccurred: 2025-10-26T03:30Z\nlocation: {country: UA}\n"
            ),
        },
        [],
        args=("--today", "2025-12-01"),
    ),
    Case(
        "time-window-order: incident window and in-force reading",
        {
            I: d("""
                id: x-1
                title: T
                occurred:
                  from: 2025-03-19T06:00
                  until: 2025-03-19T05:59
                location: {country: UA}
                """),
            "incidents/x-2.yaml": d("""
                id: x-2
                title: T
                occurred: {from: 2025-03-19, until: 2025-03-18}
                location: {country: UA}
                """),
            "incidents/x-3.yaml": d("""
                id: x-3
                title: A window of one day, or of one instant, is in order
                occurred: {from: 2025-03-19, until: 2025-03-19}
                location: {country: UA}
                claims:
                  - source: kremlin
                    occurred: {from: 2025-03-19T05:00, until: 2025-03-19T05:00}
                """),
            A: d("""
                id: deal
                title: Deal
                parties: [russia, ukraine]
                in_force:
                  - from: 2025-03-18T17:00:00+03:00
                    until: 2025-03-18T16:00:00+03:00
                    per: [kremlin]
                """)
            + AGREEMENT_OK_TERMS,
        },
        [
            (A, 6, 12, "time-window-order", E, "`until` (2025-03-18T16:00:00+03:00) is not after `from` (2025-03-18T17:00:00+03:00)"),
            (I, 5, 10, "time-window-order", E, "the window ends (2025-03-19T05:59) before it starts (2025-03-19T06:00)"),
            ("incidents/x-2.yaml", 3, 37, "time-window-order", E, "the window ends (2025-03-18) before it starts (2025-03-19)"),
        ],
    ),
    Case(
        "time-published-before: a warning; exit 0",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19T12:00
                location: {country: UA}
                claims:
                  - {source: kremlin, published: 2025-03-18}
                  - {source: kremlin, published: 2025-03-19}
                  - {source: kremlin, published: 2025-03-19T11:59}
                  - {source: kremlin, published: 2025-03-19T12:00}
                  - {source: kremlin, published: 2025-03-19T10:00Z}
                """)
        },
        [
            (I, 6, 34, "time-published-before", W, "the claim is dated 2025-03-18, before the incident began"),
            (I, 8, 34, "time-published-before", W, "the claim is dated 2025-03-19T11:59, before"),
        ],
    ),
    Case(
        "time-future: after --today is a warning; exit 0",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-06-02
                location: {country: UA}
                claims:
                  - {source: kremlin, published: 2025-06-03T00:30}
                  - {source: kremlin, published: 2025-06-01T23:59}
                """)
        },
        [
            (I, 3, 11, "time-future", W, "the incident's date 2025-06-02 is after today (2025-06-01)"),
            (I, 6, 34, "time-future", W, "the publication date 2025-06-03 is after today (2025-06-01)"),
            (I, 7, 34, "time-published-before", W, "the claim is dated 2025-06-01T23:59, before the incident began"),
        ],
    ),
    # --- places and links ----------------------------------------------------------------
    Case(
        "place-country: unknown, lower case, alpha-3; NO is Norway",
        {
            I: "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: XX}\n",
            "incidents/x-2.yaml": "id: x-2\ntitle: T\noccurred: 2025-03-19\nlocation: {country: ua}\n",
            "incidents/x-3.yaml": "id: x-3\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UKR}\n",
            "incidents/x-4.yaml": "id: x-4\ntitle: T\noccurred: 2025-03-19\nlocation: {country: NO}\n",
        },
        [
            (I, 4, 21, "place-country", E, "`XX` is not an ISO 3166-1 alpha-2 country code (e.g. `UA`, `RU`)"),
            ("incidents/x-2.yaml", 4, 21, "place-country", E, "`ua` is not an ISO 3166-1 alpha-2"),
            ("incidents/x-3.yaml", 4, 21, "place-country", E, "`UKR` is not an ISO 3166-1"),
        ],
    ),
    Case(
        "place-country: in an area of ceasewatch.yaml",
        {},
        [(P, 19, 40, "place-country", E, "`UK` is not an ISO 3166-1 alpha-2 country code")],
        project=PROJECT_YAML.replace("countries: [UA]", "countries: [UK]"),
    ),
    Case(
        "place-coordinates: out of range; the bounds themselves are in range",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location:
                  coordinates: {lat: 90.000001, lon: -180.5, precision: exact}
                """),
            "incidents/x-2.yaml": d("""
                id: x-2
                title: T
                occurred: 2025-03-19
                location:
                  coordinates: {lat: -90, lon: 180.0, precision: region}
                """),
        },
        [
            (I, 5, 22, "place-coordinates", E, "latitude 90.000001 is out of range (-90 to 90)"),
            (I, 5, 38, "place-coordinates", E, "longitude -180.5 is out of range (-180 to 180)"),
        ],
    ),
    Case(
        "place-polygon: inline polygons",
        {},
        [
            (P, 19, 56, "place-polygon", E, "each ring needs four or more positions and must close"),
            (P, 20, 56, "place-polygon", E, "each ring needs four or more positions and must close"),
            (P, 21, 56, "place-polygon", E, "each position is [longitude, latitude]"),
            (P, 22, 56, "place-coordinates", E, "longitude 181.0 is out of range (-180 to 180)"),
            (P, 23, 27, "place-polygon", E, "a MultiPolygon is a list of polygons; each ring a list of [longitude, latitude]"),
            (P, 24, 27, "place-polygon", E, "a Polygon is a list of rings"),
            (P, 25, 56, "place-polygon", E, "expected nested lists of [longitude, latitude]"),
            (P, 26, 34, "schema-value", E, "`Point` is not allowed for `areas.a8.polygon.type`; use one of `Polygon`, `MultiPolygon`"),
        ],
        project=PROJECT_YAML.replace(
            "  ukraine: {name: Ukraine, countries: [UA]}\n",
            "  a1: {name: A1, polygon: {type: Polygon, coordinates: [[[0, 0], [1, 0], [1, 1]]]}}\n"
            "  a2: {name: A2, polygon: {type: Polygon, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]]}}\n"
            "  a3: {name: A3, polygon: {type: Polygon, coordinates: [[[0, 0, 0], [1, 0], [1, 1], [0, 0]]]}}\n"
            "  a4: {name: A4, polygon: {type: Polygon, coordinates: [[[181, 0], [1, 0], [1, 1], [181, 0]]]}}\n"
            "  a5: {name: A5, polygon: {type: MultiPolygon, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}\n"
            "  a6: {name: A6, polygon: {type: Polygon, coordinates: [[0, 0], [1, 0], [1, 1], [0, 0]]}}\n"
            "  a7: {name: A7, polygon: {type: Polygon, coordinates: [[[]]]}}\n"
            "  a8: {name: A8, polygon: {type: Point, coordinates: [0, 0]}}\n",
        ),
    ),
    Case(
        "place-polygon: GeoJSON files",
        {
            "areas/good.geojson": json.dumps(
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
            ),
            "areas/feature.geojson": json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {
                                "type": "MultiPolygon",
                                "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]],
                            },
                        }
                    ],
                }
            ),
            "areas/bad.geojson": "{not json",
            "areas/list.geojson": "[1, 2]",
            "areas/empty-collection.geojson": '{"type": "FeatureCollection", "features": []}',
            "areas/deep.geojson": "[" * 100_000 + "]" * 100_000,
            "areas/open-ring.geojson": '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}',
            "areas/folder.geojson/x": "",
        },
        [
            (P, 21, 26, "place-polygon", E, "`areas/bad.geojson` is not a GeoJSON Polygon or MultiPolygon"),
            (P, 22, 26, "place-polygon", E, "`areas/list.geojson` is not a GeoJSON Polygon"),
            (P, 23, 26, "place-polygon", E, "`areas/empty-collection.geojson` is not a GeoJSON"),
            (P, 24, 26, "place-polygon", E, "`areas/deep.geojson` is not a GeoJSON Polygon"),
            (P, 25, 26, "place-polygon", E, "`areas/open-ring.geojson` is not a GeoJSON Polygon"),
            (P, 26, 26, "place-polygon", E, "no GeoJSON file at `areas/missing.geojson`"),
            (P, 27, 26, "place-polygon", E, "`areas/folder.geojson` must be a regular file under 8388608 bytes"),
            (P, 28, 26, "place-polygon", E, "`../outside.geojson` must be a path inside the dataset"),
            (P, 29, 26, "place-polygon", E, "`/etc/passwd` must be a path inside the dataset"),
        ],
        project=PROJECT_YAML.replace(
            "  ukraine: {name: Ukraine, countries: [UA]}\n",
            "  a1: {name: A, polygon: areas/good.geojson}\n"
            "  a2: {name: A, polygon: areas/feature.geojson}\n"
            "  a3: {name: A, polygon: areas/bad.geojson}\n"
            "  a4: {name: A, polygon: areas/list.geojson}\n"
            "  a5: {name: A, polygon: areas/empty-collection.geojson}\n"
            "  a6: {name: A, polygon: areas/deep.geojson}\n"
            "  a7: {name: A, polygon: areas/open-ring.geojson}\n"
            "  a8: {name: A, polygon: areas/missing.geojson}\n"
            "  a9: {name: A, polygon: areas/folder.geojson}\n"
            "  b1: {name: A, polygon: ../outside.geojson}\n"
            "  b2: {name: A, polygon: /etc/passwd}\n",
        ),
    ),
    Case(
        "url-scheme: only http and https",
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims:
                  - {source: kremlin, url: "javascript:alert(1)", archive: "ftp://x.org/a"}
                  - {source: kremlin, url: "https://", archive: "http://exa mple.com"}
                  - {source: kremlin, url: "HTTPS://EXAMPLE.ORG/A", archive: "mailto:a@b.c"}
                """),
            A: d("""
                id: deal
                title: Deal
                parties: [russia, ukraine]
                in_force: [{from: 2025-03-18, per: [kremlin]}]
                references:
                  - {source: kremlin, url: "file:///etc/passwd"}
                """)
            + AGREEMENT_OK_TERMS,
        },
        [
            (A, 6, 28, "url-scheme", E, "`file:///etc/passwd` is not an http:// or https:// address"),
            (I, 6, 28, "url-scheme", E, "`javascript:alert(1)` is not an http:// or https:// address"),
            (I, 6, 60, "url-scheme", E, "`ftp://x.org/a` is not an http:// or https://"),
            (I, 7, 28, "url-scheme", E, "`https://` is not an http:// or https://"),
            (I, 7, 49, "url-scheme", E, "`http://exa mple.com` is not an http:// or https://"),
            (I, 8, 62, "url-scheme", E, "`mailto:a@b.c` is not an http:// or https://"),
        ],
    ),
    Case(
        "url-scheme: a source's home page",
        {},
        [(P, 14, 46, "url-scheme", E, "`file:///etc/passwd` is not an http:// or https://")],
        project=PROJECT_YAML.replace("https://www.reuters.com", "file:///etc/passwd"),
    ),
    # --- tallies -------------------------------------------------------------------------
    Case(
        "tally: every reference, the period and the date checked, all in one run",
        {
            M: AGREEMENT_YAML,
            T: d("""
                id: t-2
                agreement: moratorim
                source: russia-mdo
                via: reuter
                published: 2025-04-01
                accuses: ukriane
                period: {from: 2025-04-01, until: 2025-03-18}
                count: 30
                counts: attacks
                """),
            T2: d("""
                id: t-2
                agreement: moratorium
                source: russia-mod
                published: 2027-01-01
                accuses: united-states
                period: {from: 2025-03-18, until: 2025-04-01}
                count: 3
                bound: roughly
                counts: attacks
                """),
        },
        [
            (T, 1, 5, "id-filename", E, "the tally id `t-2` differs from the file name `t-1`"),
            (T, 2, 12, "ref-unknown", E, "unknown agreement `moratorim` (did you mean `moratorium`?)"),
            (T, 3, 9, "ref-unknown", E, "unknown source `russia-mdo` (did you mean `russia-mod`?)"),
            (T, 4, 6, "ref-unknown", E, "unknown source `reuter` (did you mean `reuters`?)"),
            (T, 6, 10, "ref-unknown", E, "unknown party `ukriane` (did you mean `ukraine`?)"),
            (T, 7, 35, "time-window-order", E, "the period ends (2025-03-18) before it starts"),
            (T2, 1, 5, "id-duplicate", E, "tally id `t-2` is already used by tallies/t-1.yaml"),
            (T2, 4, 12, "time-future", W, "published 2027-01-01 is after today"),
            (T2, 5, 10, "ref-not-party", E, "`united-states` is not among this agreement's parties"),
            (T2, 8, 8, "schema-value", E, "`roughly` is not allowed for `bound`"),
        ],
    ),
]
# fmt: on


def _run(make_dataset: MakeDataset, case: Case) -> CliResult:
    root = make_dataset(case.files, project=case.project)
    return validate_json(root, *case.args)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_rule_reports_exactly_where_and_what(make_dataset: MakeDataset, case: Case) -> None:
    result = _run(make_dataset, case)
    doc = result.json()
    got = [
        (x["file"], x["line"], x["column"], x["code"], x["severity"], x["message"])
        for x in result.problems()
    ]
    assert [g[:5] for g in got] == [e[:5] for e in case.expected]
    for (*_, message), (*_, part) in zip(got, case.expected, strict=True):
        assert part in message
    errors = sum(e[4] == E for e in case.expected)
    assert doc["summary"]["errors"] == errors
    assert doc["summary"]["errors"] == len(doc["errors"])
    assert doc["summary"]["warnings"] == len(doc["warnings"])
    assert result.exit_code == (1 if errors else 0)
    assert result.stderr == ""


def test_every_code_the_program_knows_has_a_bad_input_case() -> None:
    covered = {e[3] for case in CASES for e in case.expected}
    covered |= {b.code for b in test_yamlsource.BAD}
    covered |= {code for _, code, _ in test_yamlsource.SPECIAL_FILES}
    assert covered == set(CODES) - QUALITY_CODES
    assert set(CODES) >= QUALITY_CODES


def test_field_paths_name_the_place_in_the_file(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: UA, coordinates: {lat: 91, lon: 0, precision: exact}}
                claims:
                  - {source: kremlin}
                  - {source: kremlim, general: nope}
                """)
        }
    )
    errors = validate_json(root).problems()
    assert [(x["field"], x["code"]) for x in errors] == [
        ("location.coordinates.lat", "place-coordinates"),
        ("claims[1].source", "ref-unknown"),
        ("claims[1].general", "schema-type"),
    ]


def test_a_file_with_several_problems_reports_all_of_them(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-10-26T05:00
                location: {country: XX, coordinates: {lat: 91, lon: 0, precision: exact}}
                act: strke
                means: drone
                outcome: hitt
                claims:
                  - source: kremlim
                    url: ftp://a.org
                    published: 2025-10-26T03:30
                    colour: red
                  - url: https://example.org/
                  - source: rt
                    published: 2025-10-25
                    general: "yes"
                inferred: [targets]
                """)
        }
    )
    result = validate_json(root, "--today", "2025-12-01")
    assert result.exit_code == 1
    assert [(x[1], x[2], x[3], x[4]) for x in result.diagnostics()] == [
        (4, 21, "place-country", E),
        (4, 44, "place-coordinates", E),
        (5, 6, "ref-unknown", E),
        (6, 8, "schema-type", E),
        (7, 10, "schema-value", E),
        (9, 13, "ref-unknown", E),
        (10, 10, "url-scheme", E),
        (11, 16, "time-ambiguous", E),
        (12, 5, "schema-unknown-field", E),
        (13, 5, "schema-missing", E),
        (15, 16, "time-published-before", W),
        (16, 14, "schema-type", E),
        (17, 12, "ref-inferred", E),
    ]


def test_one_broken_file_does_not_hide_errors_in_another(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            "incidents/a-broken.yaml": "id: a-broken\ntitle: [unclosed\n",
            "incidents/b-schema.yaml": "id: b-schema\ntitle: T\nlocation: {}\n",
            "incidents/c-refs.yaml": d("""
                id: c-refs
                title: T
                occurred: 2025-03-19
                location: {country: UA}
                claims: [{source: nobody}]
                """),
            "agreements/a-broken.yaml": "id: a\nid: b\n",
            "agreements/b-refs.yaml": d("""
                id: b-refs
                title: T
                parties: [russia, nobody]
                in_force: [{from: 2025-03-18, per: [kremlin]}]
                """)
            + AGREEMENT_OK_TERMS,
        }
    )
    result = validate_json(root)
    assert result.exit_code == 1
    assert result.diagnostics() == [
        ("agreements/a-broken.yaml", 2, 1, "yaml-duplicate-key", E),
        ("agreements/b-refs.yaml", 3, 19, "ref-unknown", E),
        ("incidents/a-broken.yaml", 3, 1, "yaml-syntax", E),
        ("incidents/b-schema.yaml", 1, 1, "schema-missing", E),
        ("incidents/c-refs.yaml", 5, 19, "ref-unknown", E),
    ]
    summary = result.json()["summary"]
    assert (summary["files"], summary["agreements"], summary["incidents"]) == (6, 2, 3)
    assert summary["errors"] == 5


def test_a_rejected_project_entry_is_still_declared(make_dataset: MakeDataset) -> None:
    """A typo in a source's `kind` is one error, not also "unknown source" everywhere."""
    project = PROJECT_YAML.replace(
        "kremlin: {name: Kremlin, kind: official", "kremlin: {name: Kremlin, kind: offical"
    )
    root = make_dataset(
        {I: "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {}\nclaims: [{source: kremlin}]\n"},
        project=project,
    )
    result = validate_json(root)
    assert result.diagnostics() == [(P, 8, 34, "schema-value", E)]
    assert "(did you mean `official`?)" in result.errors()[0]["message"]


def test_diagnostics_are_sorted_by_file_line_and_column(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            "incidents/b.yaml": "id: b\ntitle: T\noccurred: 2025-03-19\nlocation: {country: XX}\n",
            "incidents/a.yaml": "id: zz\ntitle: T\noccurred: 2025-02-30\nlocation: {}\n",
            "agreements/z.yaml": "id: z\n",
        }
    )
    keys = [(f, line, col) for f, line, col, _, _ in validate_json(root).diagnostics()]
    assert keys == sorted(keys)
    assert [k[0] for k in keys] == ["agreements/z.yaml"] * 4 + [
        "incidents/a.yaml",
        "incidents/b.yaml",
    ]


def test_problems_after_a_dropped_list_item_keep_their_own_place(
    make_dataset: MakeDataset,
) -> None:
    """A claim that cannot be read is left out of the cross-file checks; the claims after it
    must still be reported at their own lines and under their own index."""
    root = make_dataset(
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {}
                claims:
                  - {url: "https://example.org/"}
                  - {source: kremlim}
                  - {source: kremlin, general: maybe}
                  - {source: rt, via: reuter}
                """)
        }
    )
    errors = validate_json(root).problems()
    assert [(x["line"], x["column"], x["code"], x["field"]) for x in errors] == [
        (6, 5, "schema-missing", "claims[0]"),
        (7, 14, "ref-unknown", "claims[1].source"),
        (8, 32, "schema-type", "claims[2].general"),
        (9, 23, "ref-unknown", "claims[3].via"),
    ]


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        ("title: [\n", [(P, 2, 1, "yaml-syntax", E)]),
        (
            PROJECT_YAML.replace("timezone: Europe/Kyiv", "timezone: Europe/Kiev2"),
            [(P, 2, 11, "time-zone", E)],
        ),
    ],
    ids=["project file unreadable", "project file rejected"],
)
def test_a_project_file_that_does_not_load_is_one_error_not_many(
    make_dataset: MakeDataset, project: str, expected: list[tuple[str, int, int, str, str]]
) -> None:
    """The references of the other files cannot be checked, and are not called undeclared."""
    root = make_dataset(
        {
            I: d("""
                id: x-1
                title: T
                occurred: 2025-03-19
                location: {country: XX}
                act: strike
                claims: [{source: kremlin, attributes_to: ukraine, url: "https://example.org/"}]
                """)
        },
        project=project,
    )
    result = validate_json(root)
    assert result.exit_code == 1
    # the incident's own (non-reference) errors are still reported
    assert result.diagnostics() == [*expected, (I, 4, 21, "place-country", E)]
