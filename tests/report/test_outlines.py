"""Country outlines: TopoJSON decoding and projection."""

from __future__ import annotations

import re

from eventwire.report.outlines import Projection, countries, decode_arcs, outline_paths


def test_quantised_arcs_are_delta_decoded_and_reversed_arcs_join() -> None:
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0, 1]], "id": "999"}]}},
    }
    assert decode_arcs(topology)[0] == [(-10.0, 20.0), (-9.0, 20.0), (-9.0, 21.0)]
    (country,) = countries(topology)
    assert country.numeric == "999"
    assert country.polygons[0][0] == [(-10.0, 20.0), (-9.0, 20.0), (-9.0, 21.0), (-10.0, 20.0)]
    reversed_ring = countries(
        {**topology, "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[~1]]}]}}}
    )
    assert reversed_ring[0].polygons[0][0] == [(-10.0, 20.0), (-9.0, 21.0)]


def test_shipped_outlines_cover_the_world() -> None:
    paths = outline_paths(960)
    names = {o.name for o in paths}
    assert len(paths) > 170 and {"Senegal", "United States of America", "Fiji", "Russia"} <= names
    assert "Antarctica" not in names
    projection = Projection(960)
    numbers = [float(v) for o in paths for v in re.findall(r"-?\d+\.?\d*", o.path)]
    assert min(numbers) >= -0.1 and max(numbers) <= 960.1
    assert sum(len(o.path) for o in paths) < 200_000  # 1:110m: small enough to ship in every report
    # Medina (Ohio) lies north-west of Dakar; the poles are cut off, not wrapped
    assert projection.x(-81.86) < projection.x(-17.44) and projection.y(41.14) < projection.y(14.69)
    assert projection.y(89.0) == 0 and abs(projection.y(-80.0) - projection.height) < 0.01
