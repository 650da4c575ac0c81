from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "uplift.programme"
    label = "programme"
