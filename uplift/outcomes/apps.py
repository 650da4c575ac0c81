from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "uplift.outcomes"
    label = "outcomes"
