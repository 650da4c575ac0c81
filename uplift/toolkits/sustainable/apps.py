from django.apps import AppConfig


class SustainableConfig(AppConfig):
    name = "uplift.toolkits.sustainable"
    label = "sustainable"
    verbose_name = "Activity 7, sustainable OTOP"
