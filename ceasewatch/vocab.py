"""The built-in vocabularies: target categories, acts, means, and the fixed enumerations.

A dataset extends the first three from ``ceasewatch.yaml``; the enumerations are closed
because the engine's semantics depend on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Project

#: Target taxonomy. A category covers the ids below it by whole path segments.
CATEGORIES: dict[str, str] = {
    "energy": "Energy infrastructure of any kind",
    "energy/oil": "Oil industry",
    "energy/oil/refinery": "Oil refinery",
    "energy/oil/pipeline": "Oil pipeline",
    "energy/oil/pumping-station": "Oil pumping or transfer station",
    "energy/oil/storage": "Oil storage: tank farm, fuel depot",
    "energy/oil/production": "Oil production: wells, fields",
    "energy/gas": "Gas industry",
    "energy/gas/pipeline": "Gas pipeline",
    "energy/gas/storage": "Gas storage",
    "energy/gas/metering-station": "Gas metering station",
    "energy/gas/distribution-station": "Gas distribution station",
    "energy/gas/compressor-station": "Gas compressor station",
    "energy/gas/production": "Gas production: wells, fields, processing",
    "energy/power": "Electricity generation and transmission",
    "energy/power/plant": "Thermal or combined power plant",
    "energy/power/nuclear-plant": "Nuclear power plant",
    "energy/power/hydro-dam": "Hydroelectric plant or its dam",
    "energy/power/substation": "Electrical substation or transformer",
    "energy/power/transformer": "Transformer",
    "energy/power/line": "Power line",
    "energy/power/renewable": "Solar or wind generation",
    "energy/coal": "Coal mining and coal power supply",
    "energy/equipment-manufacturing": "Manufacture of energy equipment",
    "infrastructure": "Civilian infrastructure other than energy",
    "infrastructure/rail": "Railway",
    "infrastructure/port": "Port",
    "infrastructure/road": "Road",
    "infrastructure/bridge": "Bridge",
    "infrastructure/water": "Water supply",
    "infrastructure/telecom": "Telecommunications",
    "infrastructure/heating": "District heating",
    "civilian": "Civilian objects",
    "civilian/residential": "Housing",
    "civilian/medical": "Hospital or clinic",
    "civilian/education": "School or university",
    "civilian/commercial": "Shops, offices, markets",
    "civilian/industrial": "Civilian industry",
    "civilian/religious": "Place of worship",
    "civilian/cultural": "Cultural site",
    "vessel": "A ship",
    "vessel/commercial": "Commercial ship",
    "vessel/commercial/cargo": "Cargo ship",
    "vessel/commercial/tanker": "Tanker",
    "vessel/military": "Warship",
    "military": "Military objects",
    "military/airbase": "Airbase",
    "military/naval-base": "Naval base",
    "military/depot": "Military depot",
    "military/unit": "Military unit or position",
    "military/industry": "Defence industry",
    "unknown": "The target's kind is not known",
}

ACTS: dict[str, str] = {
    "strike": "Any remote attack: missile, drone, air, artillery",
    "sabotage": "Destruction by explosives or other means on the ground",
    "ground-attack": "An attack by ground forces",
    "seizure": "Seizing a vessel, facility or territory",
    "military-use": "Military use of a protected object, e.g. a commercial vessel",
    "deployment": "Moving forces into a place",
    "unknown": "The act is not known",
}

MEANS: dict[str, str] = {
    "drone": "Uncrewed aerial or naval vehicle",
    "missile": "Missile of unspecified type",
    "cruise-missile": "Cruise missile",
    "ballistic-missile": "Ballistic missile",
    "glide-bomb": "Guided aerial (glide) bomb",
    "aircraft": "Crewed aircraft",
    "artillery": "Artillery or mortar",
    "mlrs": "Multiple-launch rocket system",
    "naval": "Naval weapon or ship",
    "explosive": "Placed explosive charge",
    "unknown": "The means are not known",
}

SOURCE_KINDS: dict[str, str] = {
    "official": "A government, ministry, military or official body",
    "state-media": "A state-owned or state-controlled outlet",
    "media": "An independent news outlet",
    "ngo": "A non-governmental organisation",
    "monitor": "A monitoring mission or observer body",
    "social": "A social-media channel or account",
    "company": "A company (state-owned companies take the state's affiliation)",
    "other": "Anything else",
}

OUTCOMES: dict[str, str] = {
    "hit": "The target was hit (any damage)",
    "intercepted": "The attack was intercepted or shot down",
    "aborted": "The attack was called off before it reached the target",
    "unknown": "The outcome is not known",
}

PRECISIONS: dict[str, str] = {
    "exact": "The coordinates mark the site itself",
    "approximate": "Within a few kilometres: the settlement or district",
    "region": "Only the region is known; the point is its centre",
}


def parent(category: str) -> str | None:
    """The category directly above ``category``, or None at the top."""
    head, sep, _ = category.rpartition("/")
    return head if sep else None


def covers(broad: str, narrow: str) -> bool:
    """True when ``broad`` is ``narrow`` or one of its ancestors, by whole segments."""
    return narrow == broad or narrow.startswith(broad + "/")


def merged(builtin: Mapping[str, str], extra: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Built-in vocabulary plus a dataset's additions."""
    out = dict(builtin)
    out.update(extra)
    return out


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The ids a dataset may use: built-ins plus the project's additions."""

    parties: frozenset[str]
    sources: frozenset[str]
    areas: frozenset[str]
    categories: frozenset[str]
    acts: frozenset[str]
    means: frozenset[str]

    def ids(self, kind: str) -> frozenset[str]:
        """The ids of one kind (``act``, ``means``, ``category``, ``area``, ...)."""
        return {
            "party": self.parties,
            "source": self.sources,
            "area": self.areas,
            "category": self.categories,
            "act": self.acts,
            "means": self.means,
        }[kind]

    @classmethod
    def of(cls, project: Project | None) -> Vocabulary:
        """The vocabulary of ``project`` (built-ins only when it did not load)."""
        p = project
        return cls(
            parties=frozenset(p.parties if p else ()),
            sources=frozenset(p.sources if p else ()),
            areas=frozenset(p.areas if p else ()),
            categories=frozenset(CATEGORIES) | frozenset(p.categories if p else ()),
            acts=frozenset(ACTS) | frozenset(p.acts if p else ()),
            means=frozenset(MEANS) | frozenset(p.means if p else ()),
        )
