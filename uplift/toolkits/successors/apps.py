from django.apps import AppConfig


class SuccessorsConfig(AppConfig):
    name = "uplift.toolkits.successors"
    label = "successors"
    verbose_name = "Activity 3, OTOP successors"
