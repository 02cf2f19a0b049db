"""Districts (ACLED's admin2) written out where no shipped source names them: Mali's cercles, Burkina
Faso's provinces and Niger's départements (``data/places/districts.tsv``), each with its region and the
point of its seat town.

The seats serve three ends: the gazetteer holds each district as an admin2 place ("cercle de Macina"),
a town or village takes the district of the nearest seat in its region, and the seats vote with the
cities500 towns on the region of an OpenStreetMap village (``villages.py``): where cities500 is sparse
(northern Mali), a seat is often the only admin-coded point near a village.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wirewatch.place.names import read_tsv

FILE = "districts.tsv"


@dataclass(frozen=True, slots=True)
class Seat:
    cc: str
    admin1: str  # the gazetteer's region name
    a1code: str  # its GeoNames admin1 code
    district: str
    seat: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def seats() -> tuple[Seat, ...]:
    return tuple(Seat(r["country"], r["admin1"], r["a1code"], r["district"], r["seat"], float(r["latitude"]),
                      float(r["longitude"])) for r in read_tsv(FILE))


class DistrictIndex:
    """The nearest district seat of a region, for naming the district of a town or village."""

    def __init__(self) -> None:
        from wirewatch.place.villages import _Nearest

        groups: dict[tuple[str, str], list[Seat]] = {}
        for s in seats():
            groups.setdefault((s.cc, s.a1code), []).append(s)
        self._near = {k: _Nearest([(s.lat, s.lon) for s in ss], [s.district for s in ss]) for k, ss in groups.items()}
        self.countries = frozenset(k[0] for k in groups)

    def district(self, cc: str, a1code: str | None, lat: float, lon: float) -> str | None:
        """The district of the point in the region coded ``a1code`` of ``cc`` (``None``: no districts
        written there)."""
        near = self._near.get((cc, a1code or ""))
        found = near.query(lat, lon) if near else []
        return str(found[0][1]) if found else None
