"""``ceasewatch.yaml``: the parties, the sources, the areas and the vocabulary."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from .fields import (
    CategoryId,
    Country,
    Host,
    Id,
    Model,
    Rings,
    SourceKind,
    Text,
    Url,
    Zone,
    _fail,
)


class Party(Model):
    """A party to the conflict or a mediator."""

    name: Text = Field(description="Display name")
    aliases: list[Text] = Field(default_factory=list, description="Other names in use")


class Source(Model):
    """Someone who makes claims: a ministry, an outlet, a company, a channel."""

    name: Text = Field(description="Display name")
    kind: SourceKind = Field(description="What sort of source it is")
    affiliation: Id | None = Field(
        None, description="The party the source speaks for or belongs to; absent if unaffiliated"
    )
    url: Url | None = Field(None, description="Home page")
    domains: list[Host] | None = Field(
        None,
        description="Host names where the source publishes; each also covers its subdomains",
    )
    note: Text | None = Field(None, description="Why the source is classed this way")


class Polygon(Model):
    """A GeoJSON Polygon or MultiPolygon, coordinates in longitude, latitude order."""

    type: Literal["Polygon", "MultiPolygon"] = Field(description="GeoJSON geometry type")
    coordinates: Rings = Field(
        description="Rings of [longitude, latitude] positions, each ring closed"
    )

    @model_validator(mode="after")
    def _depth(self) -> Polygon:
        polygons = [self.coordinates] if self.type == "Polygon" else self.coordinates
        for polygon in polygons:
            if not polygon or not all(_is_ring(ring) for ring in polygon):
                raise _fail(
                    "place-polygon",
                    "a {type} is a list of {what}; each ring a list of [longitude, latitude]",
                    type=self.type,
                    what="rings" if self.type == "Polygon" else "polygons",
                )
        return self


def _is_ring(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and bool(ring)
        and isinstance(ring[0], list)
        and (len(ring[0]) == 2 and isinstance(ring[0][0], float))
    )


class Area(Model):
    """A named area: a set of countries or a polygon."""

    name: Text = Field(description="Display name")
    countries: list[Country] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    polygon: (
        Annotated[
            Annotated[Polygon, Tag("inline")] | Annotated[Text, Tag("file")],
            Discriminator(lambda v: "inline" if isinstance(v, dict) else "file"),
        ]
        | None
    ) = Field(
        None, description="A GeoJSON polygon inline, or a path to a GeoJSON file from the root"
    )

    @model_validator(mode="after")
    def _one(self) -> Area:
        if (self.countries is None) == (self.polygon is None):
            raise _fail("schema-value", "give exactly one of `countries` or `polygon`")
        return self


class Project(Model):
    """``ceasewatch.yaml``: marks the dataset root and holds its vocabulary."""

    title: Text = Field(description="Name of the dataset")
    timezone: Zone = Field(
        description="IANA zone for times written without an offset and for bare dates"
    )
    parties: dict[Id, Party] = Field(description="Parties and mediators, by id")
    sources: dict[Id, Source] = Field(description="Sources of claims, by id")
    areas: dict[Id, Area] = Field(default_factory=dict, description="Named areas, by id")
    categories: dict[CategoryId, Text] = Field(
        default_factory=dict,
        description="Target categories added to the built-in taxonomy (id: description)",
    )
    acts: dict[Id, Text] = Field(default_factory=dict, description="Acts added (id: description)")
    means: dict[Id, Text] = Field(default_factory=dict, description="Means added (id: description)")
