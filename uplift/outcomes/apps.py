from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "uplift.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from uplift.outcomes.receivers import on_enrolment_started, on_observations_saved, on_selection_approved
        from uplift.outcomes.signals import observations_saved
        from uplift.programme.signals import enrolment_started
        from uplift.screening.signals import selection_approved

        selection_approved.connect(on_selection_approved, dispatch_uid="outcomes.evaluation_plan_freeze")
        enrolment_started.connect(on_enrolment_started, dispatch_uid="outcomes.baseline_freeze")
        observations_saved.connect(on_observations_saved, dispatch_uid="outcomes.value_recompute")

    def component_names(self) -> dict[str, str]:
        """Economic value components by code → Thai name (for other apps' pages, without importing outcomes)."""
        from uplift.outcomes.reference import value_config

        return {c["code"]: c["name_th"] for c in value_config()["components"]}
