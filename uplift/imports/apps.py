from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "uplift.imports"
    label = "imports"
