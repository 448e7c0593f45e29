"""The city on the map: its boundary and kelurahan areas as GeoJSON, and complaints per
kelurahan for the heat view.

The sample city (``app/data/sample_city.yml``) has a bounding box and one centre point per
kelurahan, no surveyed borders: each kelurahan's area is drawn as the part of the city
closer to its centre than to any other (Voronoi cells by shapely, clipped to the
boundary), the same rule that names the kelurahan of a shared location
(``complaints.place_from_point``). A real city with surveyed borders would read them here
instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, box, mapping

from app.services import complaints as svc

Feature = dict[str, Any]


def _boundary() -> Any:
    c = svc.city()
    return box(c.min_lon, c.min_lat, c.max_lon, c.max_lat)


@cache
def kelurahan_areas() -> dict[str, Any]:
    """Kelurahan name -> shapely polygon (lon/lat), covering the city without overlaps."""
    c = svc.city()
    boundary = _boundary()
    points = [Point(k.lon, k.lat) for k in c.kelurahan]
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=boundary)
    areas: dict[str, Any] = {}
    for k, point in zip(c.kelurahan, points, strict=True):
        cell = next(g for g in cells.geoms if g.contains(point))
        areas[k.name] = cell.intersection(boundary)
    return areas


def _rounded(geometry: Any) -> Any:
    return shapely.set_precision(geometry, 1e-6)


@cache
def city_geojson() -> dict[str, Any]:
    """The offline base map: the boundary and every kelurahan with its kecamatan."""
    c = svc.city()
    features: list[Feature] = [
        {
            "type": "Feature",
            "geometry": mapping(_rounded(_boundary())),
            "properties": {"kind": "boundary", "name": c.name},
        }
    ]
    areas = kelurahan_areas()
    for k in c.kelurahan:
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(_rounded(areas[k.name])),
                "properties": {
                    "kind": "kelurahan",
                    "name": k.name,
                    "kecamatan": k.kecamatan,
                    "centre": [k.lat, k.lon],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "name": c.name,
        "bbox": [c.min_lon, c.min_lat, c.max_lon, c.max_lat],
        "features": features,
    }


def kelurahan_heat(counts: dict[str, int], open_counts: dict[str, int]) -> dict[str, Any]:
    """The kelurahan areas with the number of complaints (the filters' result) in each."""
    features = []
    names = {k.lower(): k for k in counts} | {k.lower(): k for k in open_counts}
    for feature in city_geojson()["features"]:
        props = feature["properties"]
        if props["kind"] != "kelurahan":
            continue
        key = names.get(props["name"].lower(), props["name"])
        features.append(
            {
                **feature,
                "properties": {
                    **props,
                    "count": counts.get(key, 0),
                    "open": open_counts.get(key, 0),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
