"""All reference data a fresh database needs, loaded in one idempotent call."""

from uplift.access import policy
from uplift.geo.services import AreaCounts, geo_load_areas, geo_load_regional_centres
from uplift.outcomes.reference import indicators_load
from uplift.programme.reference import activities_load
from uplift.registry.reference import standards_load


def reference_load(*, actor) -> AreaCounts:
    policy.require(actor, "reference.load")
    counts = geo_load_areas()
    geo_load_regional_centres(actor=actor)
    standards_load()
    activities_load()
    indicators_load()
    return counts
