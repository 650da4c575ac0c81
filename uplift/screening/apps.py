from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "uplift.screening"
    label = "screening"
