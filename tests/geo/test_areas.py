import pytest

from uplift.geo.models import District, Province, RegionalCentre, Subdistrict
from uplift.access import policy
from uplift.geo.services import geo_load_areas, geo_load_regional_centres

pytestmark = pytest.mark.django_db


def test_all_dopa_areas_are_loaded(areas):
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436
    assert District.objects.filter(province_id="10").count() == 50
    assert Subdistrict.objects.filter(province_id="10").count() == 180


def test_areas_carry_thai_english_names_and_postal_codes(areas):
    patong = Subdistrict.objects.select_related("district__province").get(code="830202")
    assert (patong.name_th, patong.name_en, patong.postal_code_list) == ("ป่าตอง", "Pa Tong", ["83150"])
    assert patong.district.name_th == "กะทู้"
    assert patong.district.province.name_en == "Phuket"
    assert Subdistrict.objects.filter(postal_codes__contains=",").count() == 160


def test_loading_twice_changes_nothing(areas):
    counts = geo_load_areas()
    assert (counts.provinces, counts.districts, counts.subdistricts) == (77, 928, 7436)
    assert geo_load_regional_centres(actor=policy.system_actor()) == 0


def test_every_province_belongs_to_one_of_eleven_centres(areas):
    assert RegionalCentre.objects.count() == 11
    assert not Province.objects.filter(centre__isnull=True).exists()
    assert Province.objects.get(name_th="ภูเก็ต").centre.number == 10
    assert RegionalCentre.objects.get(number=7).seat.name_th == "บุรีรัมย์"


def test_an_officer_correction_survives_reloading(areas):
    phuket = Province.objects.get(code="83")
    phuket.centre = RegionalCentre.objects.get(number=11)
    phuket.save()
    geo_load_regional_centres(actor=policy.system_actor())
    phuket.refresh_from_db()
    assert phuket.centre.number == 11
