from django.apps import AppConfig

ENROLMENT_MODELS = ("Line", "Shift", "TimingStudy", "WasteEntry", "KaizenCard", "Saving", "SavingsClaim")
SHIFT_PARTS = ("Stop", "Reject")


class LeanConfig(AppConfig):
    name = "uplift.toolkits.lean"
    label = "lean"
    verbose_name = "Activity 6, production efficiency"

    def ready(self) -> None:
        from uplift.access import policy

        for model in ENROLMENT_MODELS:
            policy.register_path(f"lean.{model}", policy.Path("toolkit.view", entrepreneur="enrolment__entrepreneur"))
        for model in SHIFT_PARTS:
            policy.register_path(f"lean.{model}",
                                 policy.Path("toolkit.view", entrepreneur="shift__enrolment__entrepreneur"))
