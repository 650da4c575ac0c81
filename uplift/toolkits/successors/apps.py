from django.apps import AppConfig

VIEW = "toolkit.view"


class SuccessorsConfig(AppConfig):
    name = "uplift.toolkits.successors"
    label = "successors"
    verbose_name = "Activity 3, OTOP successors"

    def ready(self) -> None:
        from uplift.access import policy

        for model, entrepreneur in {
            "Proposal": "enrolment__entrepreneur",
            "ProposalVersion": "proposal__enrolment__entrepreneur",
            "ProposalAttachment": "proposal__enrolment__entrepreneur",
            "Pitch": "enrolment__entrepreneur",
            "PlanStep": "enrolment__entrepreneur",
        }.items():
            policy.register_path(f"successors.{model}", policy.Path(VIEW, entrepreneur=entrepreneur))
        # an event belongs to a regional centre; judges and their scores also reach the judge (staff)
        policy.register_path("successors.PitchEvent", policy.Path(VIEW, centre="centre"))
        policy.register_path("successors.Judge", policy.Path(VIEW, centre="event__centre", staff="user"))
        policy.register_path("successors.Score", policy.Path(VIEW, entrepreneur="pitch__enrolment__entrepreneur",
                                                             staff="judge__user"))
