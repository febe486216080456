"""``tallies/<id>.yaml``: one side's count of the other's violations, as that side claims it.

A tally is not an incident: it names no site. It is recorded so that the report can set
what each side says it counted beside what the dataset holds for the same side and period.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .fields import Count, Id, Model, Moment, Text, Url, _fail

#: How the count was put: "30", "at least 30", "more than 30", "about 30".
Bound = Literal["exactly", "at-least", "more-than", "about"]


class TallyPeriod(Model):
    """The period the count covers: both ends included, dates or date-times."""

    from_: Moment = Field(alias="from", description="First day (or moment) counted")
    until: Moment = Field(description="Last day (or moment) counted")


class Tally(Model):
    """A claimed count of violations of one agreement by one party, with its source."""

    id: Id = Field(description="Unique id; the file name without .yaml")
    agreement: Id = Field(description="The agreement the count is about")
    source: Id = Field(description="Who claims the count")
    via: Id | None = Field(None, description="The outlet that carried it, if not the source")
    published: Moment = Field(description="When the count was published")
    url: Url | None = Field(None, description="Where the claim can be read")
    original_url: Url | None = Field(
        None, description="The outlet's own page, when `url` is a copy of it on another site"
    )
    accuses: Id = Field(description="The party whose violations are counted")
    period: TallyPeriod = Field(description="The period counted")
    count: Count = Field(description="The number claimed")
    bound: Bound = Field(
        "exactly", description="How the number was put: exactly | at-least | more-than | about"
    )
    counts: Text = Field(description="What is counted, in the source's terms: `attacks`")
    summary: Text | None = Field(None, description="What the source says, in brief")
    note: Text | None = Field(None, description="Free-text remark by the dataset's editor")

    @model_validator(mode="after")
    def _shape(self) -> Tally:
        if self.via is not None and self.via == self.source:
            raise _fail("schema-value", "`via` names the source itself; remove it")
        return self

    def claimed(self) -> str:
        """The count in words: ``more than 30 attacks``."""
        lead = {"exactly": "", "at-least": "at least ", "more-than": "more than "}
        return f"{lead.get(self.bound, 'about ')}{self.count} {self.counts}"
