from uplift.toolkits.lean.core.kaizen import METRICS
from uplift.toolkits.lean.core.reference import losses, measures, waterfall_steps, wastes


def test_six_big_losses_map_to_the_oee_components():
    by_component = {}
    for loss in losses().values():
        by_component.setdefault(loss.component, []).append(loss.code)
    assert by_component == {"availability": ["breakdown", "setup_adjustment"],
                            "performance": ["small_stop", "reduced_speed"],
                            "quality": ["startup_reject", "production_reject"]}
    assert all(loss.name_th and loss.name_en for loss in losses().values())


def test_timwoods_has_eight_wastes_in_order():
    assert list(wastes()) == ["transport", "inventory", "motion", "waiting", "overproduction", "over_processing",
                              "defects", "unused_skills"]
    assert "".join(w.letter for w in wastes().values()) == "TIMWOODS"


def test_metrics_in_data_are_the_ones_computed():
    assert [m["code"] for m in measures()["metrics"]] == list(METRICS)
    assert list(waterfall_steps())[0] == "planned" and list(waterfall_steps())[-1] == "fully_productive"
