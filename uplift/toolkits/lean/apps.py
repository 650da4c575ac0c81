from django.apps import AppConfig


class LeanConfig(AppConfig):
    name = "uplift.toolkits.lean"
    label = "lean"
    verbose_name = "Activity 6, production efficiency"
