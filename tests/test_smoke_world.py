import pytest


@pytest.mark.django_db
def test_world_builds(world):
    assert world.phuket.province_id == "83"
    assert world.phuket.province.centre.number == 10
