"""Checks of the tally files: what they name exists, and their period is a period."""

from __future__ import annotations

import difflib

from .checks import _Checker
from .identity import identity
from .loading import Dataset, Loaded
from .messages import clip
from .models import Agreement, Tally


def check_tallies(data: Dataset, checker: _Checker) -> None:
    """Identity and references of every tally; adds diagnostics, never raises."""
    identity(data, data.tallies, "tally")
    agreements = {a.model.id: a.model for a in data.agreements}
    for item in data.tallies:
        _tally(checker, item, agreements)


def _tally(checker: _Checker, item: Loaded[Tally], agreements: dict[str, Agreement]) -> None:
    checker.item = item
    t = item.model
    v = checker.vocab
    checker.ref(("source",), t.source, "source", v.sources)
    checker.ref(("via",), t.via, "source", v.sources)
    checker.ref(("accuses",), t.accuses, "party", v.parties)
    agreement = agreements.get(t.agreement)
    if agreement is None:
        close = difflib.get_close_matches(t.agreement, sorted(agreements), n=1, cutoff=0.6)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        checker.add(
            ("agreement",),
            "ref-unknown",
            f"unknown agreement `{clip(t.agreement)}`{hint}; give the id of a file in agreements/",
        )
    else:
        checker.party_of(("accuses",), t.accuses, set(agreement.parties))
    where = checker.default_zone
    if where is None:
        return
    published = checker.span(("published",), t.published, where)
    checker.future(("published",), published, "published")
    start = checker.span(("period", "from"), t.period.from_, where)
    end = checker.span(("period", "until"), t.period.until, where)
    if start is not None and end is not None and end.utc_end < start.utc_start:
        checker.add(
            ("period", "until"),
            "time-window-order",
            f"the period ends ({t.period.until}) before it starts ({t.period.from_})",
        )
