from django.apps import AppConfig

PATHS = {
    "Assessment": "enrolment__entrepreneur",
    "Respondent": "assessment__enrolment__entrepreneur",
    "Roadmap": "enrolment__entrepreneur",
    "RoadmapItem": "roadmap__enrolment__entrepreneur",
    "PresentationCheck": "enrolment__entrepreneur",
}


class DigitalConfig(AppConfig):
    name = "uplift.toolkits.digital"
    label = "digital"
    verbose_name = "Activity 2, OTOP to Digital 4.0"

    def ready(self) -> None:
        from uplift.access import policy

        for model, entrepreneur in PATHS.items():
            policy.register_path(f"digital.{model}", policy.Path("toolkit.view", entrepreneur=entrepreneur))
