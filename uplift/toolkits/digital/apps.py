from django.apps import AppConfig


class DigitalConfig(AppConfig):
    name = "uplift.toolkits.digital"
    label = "digital"
    verbose_name = "Activity 2, OTOP to Digital 4.0"
