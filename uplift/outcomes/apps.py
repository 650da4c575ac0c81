from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "uplift.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from uplift.outcomes.receivers import on_selection_approved
        from uplift.screening.signals import selection_approved

        selection_approved.connect(on_selection_approved, dispatch_uid="outcomes.evaluation_plan_freeze")
