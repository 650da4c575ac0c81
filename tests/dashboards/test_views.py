from uplift.outcomes.models import EvaluationResult


def test_dashboard_page_shows_figures_and_drills_down(client, world, programme):
    EvaluationResult.objects.create(round=programme.round, method="did", outcome="sales", att=500.0, se=100.0,
                                    ci_low=300.0, ci_high=700.0, n_treated=8, n_control=2, pretrend_flagged=False)
    client.force_login(world.executive)
    page = client.get("/dashboards/").content.decode()
    assert "5,000,000 บาท" in page  # the target
    assert "432,000 บาท" in page    # achieved: 12,000 × 36
    assert "48,000 บาท" in page     # caused: 500 × 12 × 8
    assert "/entrepreneurs/?centre=10" in page and "thailand-provinces.geo.json" in page
    assert 'data-testid="attribution"' in page and "กรอกด้วยมือ" in page
    assert f"/outcomes/rounds/{programme.round.pk}/" in page  # the plan, power and analyses
    drill = client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}&centre=10").content.decode()
    assert world.phuket.name_th in drill and world.chiangmai.name_th not in drill
    drill = client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}&stage=waitlisted").content.decode()
    assert "ผู้ประกอบการทดสอบ 50" in drill and world.phuket.name_th not in drill


def test_officer_page_hides_the_national_figures(client, world, programme):
    EvaluationResult.objects.create(round=programme.round, method="did", outcome="sales", att=500.0, se=100.0,
                                    ci_low=300.0, ci_high=700.0, n_treated=8, n_control=2)
    client.force_login(world.officer)
    page = client.get("/dashboards/").content.decode()
    assert "12,000 บาท" in page
    for national in ("432,000", "48,000", "5,000,000", 'data-testid="target"', "/outcomes/rounds/"):
        assert national not in page, national
    drill = client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}").content.decode()
    assert world.phuket.name_th in drill and world.chiangmai.name_th not in drill


def test_entrepreneurs_have_no_dashboard(client, world, programme):
    client.force_login(world.owner)
    assert client.get("/dashboards/").status_code == 403
    assert client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}").status_code == 403


def test_figures_behind_their_inputs_are_shown_with_when_they_were_counted(client, world, programme):
    from uplift.outcomes.models import FigureSnapshot

    client.force_login(world.executive)
    assert 'data-testid="recounting"' not in client.get("/dashboards/").content.decode()
    FigureSnapshot.objects.update(inputs="ก่อนหน้า")
    page = client.get("/dashboards/").content.decode()
    assert 'data-testid="recounting"' in page and "ระบบกำลังนับใหม่" in page and "432,000 บาท" in page
