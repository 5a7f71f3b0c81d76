"""Country outlines for the map: Natural Earth 1:110m (public domain) as TopoJSON, shipped in ``data/``
(see ``data/README.md``), decoded and projected into SVG path data once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

OUTLINES_FILE = "countries-110m.json"
SKIPPED = frozenset({"010"})  # Antarctica: a wide band of ice under the map that holds no events

Ring = list[tuple[float, float]]  # (longitude, latitude) points


@dataclass(frozen=True, slots=True)
class Country:
    numeric: str  # ISO 3166-1 numeric code
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The topology's arcs in longitude/latitude: quantised arcs are delta-encoded integers (TopoJSON spec 2.1.3)."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        ring: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join arcs into a ring; a negative index ~i is arc i reversed, and each arc after the first repeats the
    previous arc's last point."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def countries(topology: dict[str, Any]) -> list[Country]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        out.append(
            Country(
                numeric=str(geometry.get("id", "")),
                name=str(geometry.get("properties", {}).get("name", "")),
                polygons=tuple(tuple(_ring(arcs, ring) for ring in polygon) for polygon in polygons),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular: longitude and latitude straight onto x and y, cut at ``north`` and ``south`` (the polar
    bands hold no events and would take a fifth of the map)."""

    width: float
    north: float = 84.0
    south: float = -58.0

    @property
    def scale(self) -> float:
        return self.width / 360.0

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 2)

    def x(self, longitude: float) -> float:
        return (longitude + 180.0) * self.scale

    def y(self, latitude: float) -> float:
        return (self.north - max(min(latitude, self.north), self.south)) * self.scale


def ring_path(ring: Ring, projection: Projection) -> str:
    """SVG path data of one ring, to a tenth of a unit, repeated points dropped (small files)."""
    parts: list[str] = []
    last = ""
    for lon, lat in ring:
        point = f"{projection.x(lon):.1f} {projection.y(lat):.1f}"
        if point != last:
            parts.append(point)
            last = point
    return "M" + "L".join(parts) + "Z" if len(parts) > 2 else ""


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    path: str


@cache
def outline_paths(width: float) -> tuple[Outline, ...]:
    """Every country (but Antarctica) as SVG path data for a map ``width`` units wide."""
    text = resources.files("eventwire.report").joinpath("data", OUTLINES_FILE).read_text(encoding="utf-8")
    projection = Projection(width)
    out = []
    for country in countries(json.loads(text)):
        if country.numeric in SKIPPED:
            continue
        path = "".join(ring_path(ring, projection) for polygon in country.polygons for ring in polygon)
        if path:
            out.append(Outline(country.name, path))
    return tuple(out)
