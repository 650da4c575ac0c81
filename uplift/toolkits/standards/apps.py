from django.apps import AppConfig

PATHS = {
    "Assessment": "enrolment__entrepreneur",
    "ClauseResult": "assessment__enrolment__entrepreneur",
    "Evidence": "assessment__enrolment__entrepreneur",
    "CorrectiveAction": "assessment__enrolment__entrepreneur",
    "Certification": "enrolment__entrepreneur",
    "CertificationStep": "certification__enrolment__entrepreneur",
    "Certificate": "certification__enrolment__entrepreneur",
    "CertificateReminder": "certificate__certification__enrolment__entrepreneur",
}


class StandardsConfig(AppConfig):
    name = "uplift.toolkits.standards"
    label = "standards"
    verbose_name = "Activity 5, quality and standards"

    def ready(self) -> None:
        from uplift.access import policy

        for model, entrepreneur in PATHS.items():
            policy.register_path(f"standards.{model}", policy.Path("toolkit.view", entrepreneur=entrepreneur))
