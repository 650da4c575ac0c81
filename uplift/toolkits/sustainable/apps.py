from django.apps import AppConfig

ENROLMENT_MODELS = ("ProductFootprint", "CarbonClaim", "BiodiversityRecord")
FOOTPRINT_PARTS = ("InventoryItem", "Scenario")


class SustainableConfig(AppConfig):
    name = "uplift.toolkits.sustainable"
    label = "sustainable"
    verbose_name = "Activity 7, sustainable OTOP"

    def ready(self) -> None:
        from uplift.access import policy

        for model in ENROLMENT_MODELS:
            policy.register_path(f"sustainable.{model}",
                                 policy.Path("toolkit.view", entrepreneur="enrolment__entrepreneur"))
        for model in FOOTPRINT_PARTS:
            policy.register_path(f"sustainable.{model}",
                                 policy.Path("toolkit.view", entrepreneur="footprint__enrolment__entrepreneur"))
        policy.register_path("sustainable.BiodiversityUse",
                             policy.Path("toolkit.view", entrepreneur="record__enrolment__entrepreneur"))
