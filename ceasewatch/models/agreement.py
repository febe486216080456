"""``agreements/<id>.yaml``: parties, when each is bound, and what each term prohibits."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import (
    Field,
    model_validator,
)

from .fields import (
    ActRef,
    Bool,
    CategoryRef,
    Day,
    Duration,
    Id,
    MeansRef,
    Model,
    Moment,
    Text,
    Url,
    Where,
    _fail,
)


class InForce(Model):
    """One reading of when an agreement binds, and who says so."""

    from_: Moment | None = Field(None, alias="from", description="Start (included)")
    until: Moment | None = Field(None, description="End (excluded)")
    for_: Duration | None = Field(None, alias="for", description="Length after `from`: `N days`")
    pending: Text | None = Field(
        None, description="Not yet in force: what it waits for (excludes from/until/for)"
    )
    per: list[Id] = Field(min_length=1, description="Sources that state this reading")
    parties: list[Id] | None = Field(
        None, description="Parties this reading concerns (default: all)"
    )
    stated: Day | None = Field(None, description="When this reading was first stated publicly")
    note: Text | None = Field(None, description="Free-text remark")

    @model_validator(mode="after")
    def _shape(self) -> InForce:
        if self.pending is not None:
            if self.from_ or self.until or self.for_:
                raise _fail("schema-value", "a `pending` reading has no `from`, `until` or `for`")
        elif self.from_ is None:
            raise _fail("schema-missing", "give `from` (or `pending` if not yet in force)")
        if self.until is not None and self.for_ is not None:
            raise _fail("schema-value", "give `until` or `for`, not both")
        return self


class Scope(Model):
    """What a term covers: acts, means, targets and areas; omitted fields mean any."""

    acts: list[ActRef] | None = Field(None, description="Acts covered (omitted: any act)")
    means: list[MeansRef] | None = Field(None, description="Means covered (omitted: any)")
    targets: list[CategoryRef] | None = Field(
        None, description="Target categories, each covering its subtree (omitted: any)"
    )
    areas: list[Id] | None = Field(None, description="Areas (omitted: anywhere)")


@dataclass(frozen=True, slots=True)
class ScopeField:
    """One field of a :class:`Scope`: what it lists, from which vocabulary."""

    name: str  # the field: `acts`
    kind: str  # what each entry is, as reference checks name it: `act`


#: The fields of a term's scope, defined once: the engine's conditions, the reference checks
#: and the report read this list (a test keeps it equal to :class:`Scope`'s fields).
SCOPE_FIELDS: tuple[ScopeField, ...] = (
    ScopeField("targets", "category"),
    ScopeField("acts", "act"),
    ScopeField("means", "means"),
    ScopeField("areas", "area"),
)


class Prohibition(Scope):
    """The first reading of a term."""

    attempts: Bool | None = Field(
        None, description="Do intercepted attacks count? Default false; aborted ones never do"
    )
    per: list[Id] = Field(min_length=1, description="Sources that state this reading")
    stated: Day | None = Field(None, description="When this reading was first stated publicly")
    where: Where | None = Field(
        None,
        description="Where `areas` is tested: impact (default), launch, or either point",
    )


class Reading(Prohibition):
    """Another source's reading of a term; overrides only the fields it names."""

    except_: Scope | None = Field(None, alias="except", description="Carve-outs of this reading")


class Term(Model):
    """One commitment of an agreement."""

    id: Id = Field(description="Unique within the agreement")
    title: Text = Field(description="Short description")
    binds: list[Id] | None = Field(None, description="Parties bound (default: all)")
    prohibits: Prohibition = Field(description="What the term prohibits (its first reading)")
    readings: list[Reading] = Field(default_factory=list, description="Other readings")
    except_: Scope | None = Field(None, alias="except", description="Carve-outs")
    note: Text | None = Field(None, description="Free-text remark")


class Reference(Model):
    """A published text of the agreement."""

    source: Id = Field(description="Who published it")
    url: Url = Field(description="Where")
    published: Day | None = Field(None, description="When (YYYY-MM-DD)")
    via: Id | None = Field(None, description="The outlet that carried it, if not the source")
    title: Text | None = Field(None, description="Title of the text")


class Agreement(Model):
    """An agreement: ``agreements/<id>.yaml``."""

    id: Id = Field(description="Unique id; also the file name")
    title: Text = Field(description="Name of the agreement")
    parties: list[Id] = Field(min_length=1, description="Parties to the agreement")
    mediators: list[Id] = Field(default_factory=list, description="Mediators")
    announced: Day | None = Field(None, description="Date announced")
    in_force: list[InForce] = Field(min_length=1, description="Readings of when it binds")
    references: list[Reference] = Field(default_factory=list, description="Published texts")
    terms: list[Term] = Field(min_length=1, description="Its commitments")
    note: Text | None = Field(None, description="Free-text remark")
