from uplift.dashboards.geodata import load_geojson, match_codes
from uplift.geo.models import Province


def test_all_77_provinces_on_the_map_match_dopa_codes(areas):
    features = load_geojson()["features"]
    provinces = list(Province.objects.values_list("code", "name_th", "name_en"))
    assert len(provinces) == len(features) == 77
    codes = [f["properties"]["name"] for f in features]
    assert sorted(codes) == sorted(p[0] for p in provinces)
    rematched = match_codes([f["properties"]["source_name"] for f in features], provinces)
    assert all(rematched[f["properties"]["source_name"]] == f["properties"]["name"] for f in features)
    phuket = next(f for f in features if f["properties"]["name"] == "83")
    assert phuket["properties"]["source_name"] == "Phuket Province"


def test_an_unknown_name_matches_nothing(areas):
    provinces = list(Province.objects.values_list("code", "name_th", "name_en"))
    assert match_codes(["Atlantis Province", "กรุงเทพมหานคร", "Buriram"], provinces) == {
        "Atlantis Province": None, "กรุงเทพมหานคร": "10", "Buriram": "31"}
