from django.apps import AppConfig

PATHS = {
    "Worksheet": "enrolment__entrepreneur",
    "Photo": "enrolment__entrepreneur",
    "Brief": "enrolment__entrepreneur",
    "MockupVersion": "brief__enrolment__entrepreneur",
    "ReviewComment": "version__brief__enrolment__entrepreneur",
    "StarAssessment": "enrolment__entrepreneur",
    "Launch": "enrolment__entrepreneur",
    "LaunchMonth": "launch__enrolment__entrepreneur",
    "OutcomeClaim": "enrolment__entrepreneur",
}


class IdentityConfig(AppConfig):
    name = "uplift.toolkits.identity"
    label = "identity"
    verbose_name = "Activity 4, product and packaging with identity"

    def ready(self) -> None:
        from uplift.access import policy

        for model, entrepreneur in PATHS.items():
            policy.register_path(f"identity.{model}", policy.Path("toolkit.view", entrepreneur=entrepreneur))
