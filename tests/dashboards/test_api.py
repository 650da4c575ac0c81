import pytest


def test_api_figures_are_scoped_too(client, world, programme):
    client.force_login(world.officer)
    data = client.get(f"/api/dashboards/figures?round_id={programme.round.pk}").json()
    assert data["achieved"] == pytest.approx(12_000) and [p["code"] for p in data["by_province"]] == ["83"]
    assert data["target"] is None and data["evaluation"] is None and data["causal_by_activity"] == {}
    client.force_login(world.executive)
    data = client.get(f"/api/dashboards/figures?round_id={programme.round.pk}").json()
    assert data["target"] == 5_000_000 and data["by_source"][0]["source"] == ""
    client.force_login(world.owner)
    assert client.get("/api/dashboards/figures").status_code == 403
