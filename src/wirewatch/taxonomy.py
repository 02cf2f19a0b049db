"""ACLED's event taxonomy, read from ``data/acled_taxonomy.yaml`` (the one place it is written).

Event types with their sub-event types, disorder types and wirewatch's family tags
(violence, demonstrations, strategic), and the actor (inter) codes with their labels. The coder,
the ACLED export and the dashboard (``GET /api/taxonomy``) read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from wirewatch import data_files
from wirewatch.errors import ConfigError

FILE = "acled_taxonomy.yaml"
FAMILIES = ("violence", "demonstrations", "strategic")


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    disorder_type: str
    family: str  # one of FAMILIES
    colour: str
    sub_event_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    event_types: tuple[EventType, ...]
    inter_codes: dict[int, str]

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.event_types)

    def type_of_sub(self) -> dict[str, str]:
        """Sub-event type -> its event type, in the file's order (a new dict: callers may keep it)."""
        return {sub: t.name for t in self.event_types for sub in t.sub_event_types}

    def types_in(self, *families: str) -> frozenset[str]:
        """The event types tagged with any of ``families``."""
        unknown = set(families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown taxonomy families {sorted(unknown)}: expected {', '.join(FAMILIES)}")
        return frozenset(t.name for t in self.event_types if t.family in families)

    def types_of_disorder(self, disorder_type: str) -> frozenset[str]:
        return frozenset(t.name for t in self.event_types if t.disorder_type == disorder_type)

    def disorder_of_type(self) -> dict[str, str]:
        return {t.name: t.disorder_type for t in self.event_types}

    def as_json(self) -> dict[str, Any]:
        """The taxonomy as the API serves it (``GET /api/taxonomy``)."""
        return {"event_types": [{"name": t.name, "disorder_type": t.disorder_type, "family": t.family,
                                 "colour": t.colour, "sub_event_types": list(t.sub_event_types)}
                                for t in self.event_types],
                "inter_codes": {str(code): label for code, label in self.inter_codes.items()}}


def _event_type(name: str, raw: dict[str, Any]) -> EventType:
    family = str(raw["family"])
    if family not in FAMILIES:
        raise ConfigError(f"data file {FILE}: {name}: family {family!r} is not one of {', '.join(FAMILIES)}")
    subs = tuple(str(s) for s in raw["sub_event_types"])
    return EventType(str(name), str(raw["disorder_type"]), family, str(raw["colour"]), subs)


@cache
def taxonomy() -> Taxonomy:
    raw = data_files.yaml(FILE)
    try:
        types = tuple(_event_type(name, spec) for name, spec in raw["event_types"].items())
        inter = {int(code): str(label) for code, label in raw["inter_codes"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"data file {FILE}: {exc!r}") from exc
    subs = [s for t in types for s in t.sub_event_types]
    if len(subs) != len(set(subs)):
        raise ConfigError(f"data file {FILE}: a sub-event type is listed under two event types")
    return Taxonomy(types, inter)
